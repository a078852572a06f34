package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos harness, SIGSTOP of the deciding coordinator past the agents' ttl
 * but within its election session): on waking, the coordinator fired the lease timers before
 * reading the heartbeats of the stall, and broke the seals of agents whose heartbeats the broker
 * had acknowledged — agents that trusted their lease and had not self-revoked (S5). The first
 * runtime re-armed every lease after a stall; the pipelined one needs no re-arm: each due timer
 * waits until the heartbeats appended by its due time are decided (rule 7). The stall here is
 * real: a query holds the loop thread for five seconds while the broker and the agent go on.
 */
class CoordinatorStallLiveTest {

    @Test
    void aStalledLoopDecidesTheHeartbeatsOfTheStallBeforeAnyLeaseFires() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent agent = c.agent(c.agentConfig("stall-host").ttlMs(1500).build(),
                    io.daxseal.agent.RecallHandler.RELEASE_AT_ONCE, io.daxseal.agent.RevokeHandler.IGNORE);
            HeldSeal seal = agent.pin(new Inode("fs", 9, 0), new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);

            // The loop runs queries: this one keeps it from reading for 5 s, over three ttl.
            stallTheLoop(c, 5_000);
            Thread.sleep(2_000); // a ttl after it: the heartbeats go on, the agent's lease is fine

            assertThat(c.all(AgentExpired.class)).isEmpty();
            assertThat(c.all(SealBroken.class)).isEmpty();
            assertThat(agent.heldSeals()).containsExactly(seal);
            assertThat(c.registry.counter("daxseal.coordinator.stalls").count()).as("the stall is reported")
                    .isGreaterThanOrEqualTo(1);
            c.assertLogConsistent(); // replay decides the same
        }
    }

    @Test
    void aDeadAgentStillExpiresAfterTheLoopStalled() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent agent = c.agent(c.agentConfig("dead-host").ttlMs(1000).build(),
                    io.daxseal.agent.RecallHandler.RELEASE_AT_ONCE, io.daxseal.agent.RevokeHandler.IGNORE);
            agent.pin(new Inode("fs", 10, 0), new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            agent.halt(); // no more heartbeats, no goodbye
            stallTheLoop(c, 3_000);
            // Over the first runtime, which re-armed every lease after a stall (a full ttl more), it expires within moments (600 ms here, against a ttl of 1 s).
            org.awaitility.Awaitility.await().atMost(Duration.ofMillis(600))
                    .until(() -> !c.all(AgentExpired.class).isEmpty());
            c.assertLogConsistent();
        }
    }

    /** Runs a query that keeps the loop thread from reading for {@code ms}: a real stall of the loop. */
    private static void stallTheLoop(LiveCluster c, long ms) throws Exception {
        c.coordinator.query(m -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return m.clock();
        }).get(30, TimeUnit.SECONDS);
    }
}
