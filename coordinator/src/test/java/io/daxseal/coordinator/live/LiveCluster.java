package io.daxseal.coordinator.live;
import io.daxseal.testkit.SharedBroker;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.LogAudit;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.daxseal.events.Decision;
import io.daxseal.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A coordinator and agents on the shared real broker, on topics of their own. Records every
 * committed decision, in order, for assertions.
 */
public final class LiveCluster implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    public final String bootstrap = SharedBroker.bootstrapServers();
    public final Topics topics;
    public final String instance;
    public final List<Decision> decisions = new CopyOnWriteArrayList<>();
    public final RequestPublisher requester;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    public CoordinatorRuntime coordinator;

    public LiveCluster() {
        int n = NEXT.incrementAndGet();
        this.topics = Topics.withPrefix("t" + n + "-" + System.nanoTime() + ".");
        this.instance = "test-" + n + "-" + System.nanoTime();
        this.requester = new RequestPublisher(bootstrap, topics);
    }

    public CoordinatorConfig config() {
        return CoordinatorConfig.defaults(bootstrap).withTopics(topics).withPartitions(3, 2).withInstanceId(instance);
    }

    public LiveCluster startCoordinator() throws InterruptedException {
        return startCoordinator(config());
    }

    public LiveCluster startCoordinator(CoordinatorConfig config) throws InterruptedException {
        coordinator = CoordinatorRuntime.start(config, registry, Duration.ofSeconds(60));
        coordinator.addListener(decisions::addAll);
        return this;
    }

    public void stopCoordinator() {
        coordinator.close();
        coordinator = null;
    }

    public AgentConfig.Builder agentConfig(String id) {
        return AgentConfig.builder(id, bootstrap).topics(topics).ttlMs(1500);
    }

    public NodeAgent agent(AgentConfig config, RecallHandler recall, RevokeHandler revoke) {
        NodeAgent agent = NodeAgent.start(config, recall, revoke);
        closeables.add(agent);
        return agent;
    }

    public NodeAgent agent(String id) {
        return agent(agentConfig(id).build(), RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
    }

    /** Waits for a committed decision that matches, and returns it. */
    public <D extends Decision> D await(Class<D> type, Predicate<D> match) {
        return await(type, match, Duration.ofSeconds(20));
    }

    public <D extends Decision> D await(Class<D> type, Predicate<D> match, Duration timeout) {
        Object[] found = new Object[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (Decision d : decisions) {
                if (type.isInstance(d) && match.test(type.cast(d))) {
                    found[0] = d;
                    return true;
                }
            }
            return false;
        });
        return type.cast(found[0]);
    }

    public <D extends Decision> List<D> all(Class<D> type) {
        return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Checks S4 on everything this cluster wrote: replaying the log equals re-deciding its inputs,
     * and equals the live coordinator's state at the same journal position.
     */
    public void assertLogConsistent() throws Exception {
        CoordinatorRuntime.Position live = coordinator == null ? null : coordinator.position().get();
        LogAudit.Report report = LogAudit.run(bootstrap, topics, live == null ? Long.MAX_VALUE : live.journalEntries());
        org.assertj.core.api.Assertions.assertThat(report.firstDifference()).isNull();
        org.assertj.core.api.Assertions.assertThat(report.replayedDigest()).isEqualTo(report.redecidedDigest());
        if (live != null) {
            org.assertj.core.api.Assertions.assertThat(report.replayedDigest()).isEqualTo(live.digest());
        }
    }

    /**
     * Deletes records as retention would: in every partition of the logs and of the journal,
     * those before the offset {@code before} gives it ({@code topic-partition} to offset; {@code null}
     * deletes the whole partition as it is now).
     */
    public void deleteRecords(java.util.function.Function<String, Long> before) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = io.daxseal.kafka.ClientSettings.admin(bootstrap, "retention",
                Duration.ofSeconds(15)).newAdmin();
             org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer =
                     io.daxseal.kafka.ClientSettings.reader(bootstrap, "retention").newConsumer()) {
            List<org.apache.kafka.common.TopicPartition> all = new java.util.ArrayList<>();
            all.add(new org.apache.kafka.common.TopicPartition(topics.journal(), 0));
            for (int p = 0; p < config().inodePartitions(); p++) {
                all.add(new org.apache.kafka.common.TopicPartition(topics.inodeLog(), p));
            }
            for (int p = 0; p < config().agentPartitions(); p++) {
                all.add(new org.apache.kafka.common.TopicPartition(topics.agentLog(), p));
            }
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete =
                    new java.util.HashMap<>();
            consumer.endOffsets(all).forEach((tp, end) -> {
                Long offset = before.apply(tp.topic() + "-" + tp.partition());
                long upTo = offset == null ? end : offset;
                if (upTo > 0) {
                    delete.put(tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(upTo));
                }
            });
            admin.deleteRecords(delete).all().get();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        if (coordinator != null) {
            coordinator.close();
        }
        requester.close();
    }
}
