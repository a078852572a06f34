package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.core.RevokeReason;
import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.events.Decision;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDropped;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S5 on a real broker of its own: the broker goes away; the agent, whose heartbeats are no longer
 * acknowledged, revokes its seal itself within {@code ttl − margin}, before the coordinator (once
 * the broker is back) ends it.
 */
class SelfRevocationLiveTest {

    @TempDir
    Path dir;

    @Test
    void anAgentWhoseBrokerGoesAwayRevokesItsSealsBeforeTheCoordinatorEndsThem() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        String bootstrap = kafka.bootstrapServers();
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        CoordinatorRuntime coordinator = CoordinatorRuntime.start(
                CoordinatorConfig.defaults(bootstrap).withPartitions(2, 1), new SimpleMeterRegistry(), Duration.ofSeconds(60));
        coordinator.addListener(decisions::addAll);
        AtomicLong revokedAt = new AtomicLong();
        long ttl = 1500;
        NodeAgent agent = NodeAgent.start(AgentConfig.builder("host-s5", bootstrap).ttlMs(ttl).build(),
                RecallHandler.RELEASE_AT_ONCE, (seal, reason) -> {
                    if (reason == RevokeReason.LEASE_IN_DOUBT) {
                        revokedAt.set(System.currentTimeMillis());
                    }
                });
        try {
            agent.pin(new Inode("fs", 1, 1), new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            long stoppedAt = System.currentTimeMillis();
            kafka.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> revokedAt.get() != 0);
            // Revoked within ttl - margin of the last acknowledged heartbeat, which was sent before the stop.
            assertThat(revokedAt.get() - stoppedAt).isLessThan(ttl - agent.config().revokeMargin().toMillis() + 100);
            assertThat(agent.heldSeals()).isEmpty();

            kafka = EmbeddedKafka.start(dir);
            // The coordinator ends the seal only once the broker is back: broken (lease) or dropped (replaced).
            await().atMost(Duration.ofSeconds(60)).until(() -> decisions.stream()
                    .anyMatch(d -> d instanceof SealBroken || d instanceof SealDropped));
            Decision ended = decisions.stream().filter(d -> d instanceof SealBroken || d instanceof SealDropped)
                    .findFirst().orElseThrow();
            assertThat(ended.at()).isGreaterThan(revokedAt.get());
        } finally {
            agent.close();
            coordinator.close();
            kafka.close();
        }
    }
}
