package io.daxseal.testkit;

import io.daxseal.events.Topics;
import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Fresh daxseal topics for a test that runs agents without a coordinator (which would create them):
 * a unique prefix per call, so tests sharing one broker never see each other's events.
 */
public final class TestTopics {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestTopics() {
    }

    /** Creates the four topics under a new prefix on the shared broker and returns their names. */
    public static Topics create(String name) throws InterruptedException {
        Topics topics = Topics.withPrefix(name + "-" + NEXT.incrementAndGet() + "-" + System.nanoTime() + ".");
        String bootstrap = SharedBroker.bootstrapServers();
        try (Admin admin = ClientSettings.admin(bootstrap, "daxseal-test-topics", Duration.ofSeconds(30)).newAdmin()) {
            admin.createTopics(List.of(new NewTopic(topics.inodeLog(), 2, (short) 1),
                    new NewTopic(topics.agentLog(), 1, (short) 1), new NewTopic(topics.agentInbox(), 1, (short) 1),
                    new NewTopic(topics.journal(), 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create test topics: " + e.getCause(), e.getCause());
        }
        return topics;
    }
}
