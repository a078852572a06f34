package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.agent.AgentNotLiveException;
import io.daxseal.agent.AgentRecorder;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by the chaos harness, on the agent's side of the lease (S5), with the agent's
 * clock in the test's hands and no coordinator running (so seal requests stay pending).
 */
class AgentLeaseLiveTest {

    /**
     * Revoking with requests pending failed their futures while iterating the pending map; a
     * dependent removed its entry, the iteration threw, and the executor silently cancelled the
     * periodic lease check: the agent never self-revoked again. Every round must revoke.
     */
    @Test
    void theAgentSelfRevokesEveryTimeItsLeaseRunsOutEvenWithRequestsPending() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator().stopCoordinator(); // topics exist; nobody answers requests
            AtomicLong now = new AtomicLong(System.currentTimeMillis());
            InstantSource clock = () -> Instant.ofEpochMilli(now.get());
            List<String> causes = new CopyOnWriteArrayList<>();
            AgentRecorder recorder = revocations(causes);
            NodeAgent agent = c.agent(c.agentConfig("lease-regression").ttlMs(1500).clock(clock).recorder(recorder).build(),
                    RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
            for (int round = 1; round <= 3; round++) {
                agent.awaitLive(Duration.ofSeconds(15));
                CompletableFuture<HeldSeal> a = agent.pin(new Inode("fs", 1, 0), new Range(0, 10), ProcessRefs.self());
                CompletableFuture<HeldSeal> b = agent.pin(new Inode("fs", 2, 0), new Range(0, 10), ProcessRefs.self());
                Thread.sleep(100); // both published and pending
                now.addAndGet(5000); // past ttl - margin: the lease is in doubt
                int expected = round;
                await().atMost(Duration.ofSeconds(3)).until(() -> causes.size() >= expected);
                assertThat(causes).allMatch(cause -> cause.startsWith("lease-in-doubt:"));
                for (CompletableFuture<HeldSeal> f : List.of(a, b)) {
                    assertThat(f).failsWithin(Duration.ofSeconds(1))
                            .withThrowableOfType(ExecutionException.class)
                            .withCauseInstanceOf(AgentNotLiveException.class);
                }
            }
        }
    }

    /**
     * After a pause longer than the lease (SIGSTOP, a long GC), the heartbeat timer fires first on
     * waking; its acknowledgement must not revive the lease: the agent revokes, as a lease-in-doubt
     * self-revocation, and nothing lists the seal as held in the meantime.
     */
    @Test
    void aHeartbeatSentAfterAPauseDoesNotReviveTheLease() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator();
            AtomicLong now = new AtomicLong(System.currentTimeMillis());
            InstantSource clock = () -> Instant.ofEpochMilli(now.get());
            List<String> causes = new CopyOnWriteArrayList<>();
            AgentRecorder recorder = revocations(causes);
            NodeAgent agent = c.agent(c.agentConfig("pause-regression").ttlMs(1500).clock(clock).recorder(recorder).build(),
                    RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
            agent.pin(new Inode("fs", 3, 0), new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            now.addAndGet(10_000); // the process "slept" through its lease
            assertThat(agent.heldSeals()).isEmpty(); // the first thing that looks revokes
            await().atMost(Duration.ofSeconds(3)).until(() -> !causes.isEmpty());
            assertThat(causes.get(0)).isEqualTo("lease-in-doubt:1");
        }
    }

    /** Notes each revocation as {@code cause:number-of-seals}. */
    private static AgentRecorder revocations(List<String> causes) {
        return new AgentRecorder() {
            @Override
            public void revoked(String agent, long incarnation, String cause, long deadline, long at, List<HeldSeal> seals) {
                causes.add(cause + ":" + seals.size());
            }
        };
    }
}
