package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos harness, SIGSTOP of the deciding coordinator past the agents' ttl
 * but within its election session): on waking, the coordinator fired the lease timers before
 * reading the heartbeats of the stall, and broke the seals of agents whose heartbeats the broker
 * had acknowledged — agents that trusted their lease and had not self-revoked (S5). A stall must
 * re-arm the leases instead. The stall is simulated by moving the coordinator's clock forward.
 */
class CoordinatorStallLiveTest {

    @Test
    void aStalledCoordinatorReArmsLeasesInsteadOfExpiringAgentsWithUnreadHeartbeats() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            AtomicLong skip = new AtomicLong();
            c.coordinator = CoordinatorRuntime.start(c.config().withClock(
                    () -> Instant.ofEpochMilli(System.currentTimeMillis() + skip.get())), c.registry, Duration.ofSeconds(60));
            c.coordinator.addListener(c.decisions::addAll);
            NodeAgent agent = c.agent(c.agentConfig("stall-host").ttlMs(1500).build(),
                    io.daxseal.agent.RecallHandler.RELEASE_AT_ONCE, io.daxseal.agent.RevokeHandler.IGNORE);
            HeldSeal seal = agent.pin(new Inode("fs", 9, 0), new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);

            skip.addAndGet(5_000); // to the coordinator, the loop just did not run for five seconds
            Thread.sleep(2_000);    // a second ttl: heartbeats go on, the agent's lease is fine

            assertThat(c.all(AgentExpired.class)).isEmpty();
            assertThat(c.all(SealBroken.class)).isEmpty();
            assertThat(agent.heldSeals()).containsExactly(seal);
            assertThat(c.registry.counter("daxseal.coordinator.stalls").count()).isGreaterThanOrEqualTo(1);
            c.assertLogConsistent(); // the re-arm is in the journal: replay does the same
        }
    }
}
