package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.events.Decision;
import io.daxseal.events.Inode;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealReleased;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by the chaos harness's 30-minute run): input that was in the log by a timer's
 * due time but that the coordinator read only after it (it was behind, or the broker was
 * restarting) must be decided before the timer fires. There, a heartbeat acknowledged in time was
 * read late and the lease timer expired the agent first (S5); here, the same with a release
 * before a recall deadline, which must grant the operation, not reject it for recall-timeout.
 * The coordinator's loop is held up by a slow query, so it reads the release late.
 */
class LateReadLiveTest {

    private static final Inode INODE = new Inode("fs-late", 3, 0);

    @Test
    void aReleaseInTheLogBeforeTheRecallDeadlineIsInTimeEvenWhenReadAfterIt() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent holder = c.agent(c.agentConfig("late-holder").build(), recall -> new CompletableFuture<>(),
                    RevokeHandler.IGNORE);
            HeldSeal seal = holder.pin(INODE, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            c.requester.request(new OpRequested(System.currentTimeMillis(), "late", INODE, new Range(0, 5),
                    OpKind.TRUNCATE, OpPolicy.RECALL, 600, "test")).get();
            SealRecalled recalled = c.await(SealRecalled.class, r -> r.op().equals("late"));

            CompletableFuture<Object> held = c.coordinator.query(m -> {
                sleep(1_500); // the loop reads nothing for 1.5 s, past the deadline
                return null;
            });
            c.requester.publish(new SealReleased(System.currentTimeMillis(), seal.seal(), "late-holder",
                    seal.incarnation(), INODE, ReleaseReason.RECALL)).get(); // in the log well before the deadline
            assertThat(System.currentTimeMillis()).isLessThan(recalled.deadline());
            held.get(10, TimeUnit.SECONDS);

            Decision outcome = c.await(Decision.class, d -> (d instanceof OpGranted g && g.op().equals("late"))
                    || (d instanceof OpRejected r && r.op().equals("late")), Duration.ofSeconds(10));
            assertThat(outcome).as("the release was in the log before the deadline").isInstanceOf(OpGranted.class);
            c.assertLogConsistent(); // the release's step is journaled before the timers: replay agrees
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
