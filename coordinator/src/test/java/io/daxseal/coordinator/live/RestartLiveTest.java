package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.Inode;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.coordinator.runtime.LogAudit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coordinator restarted in the middle of a recall: state reloaded, timers re-armed, nothing lost or doubled. */
class RestartLiveTest {

    static final Inode INODE = new Inode("fs9", 1, 1);

    @Test
    void aCoordinatorRestartedDuringARecallBreaksAtTheDeadlineExactlyOnce() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent stuck = c.agent(c.agentConfig("stuck").ttlMs(60_000).build(), recall -> new CompletableFuture<>(),
                    RevokeHandler.IGNORE);
            stuck.pin(INODE, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            c.requester.request(new OpRequested(System.currentTimeMillis(), "defrag", INODE, new Range(0, 10),
                    OpKind.MOVE_EXTENTS, OpPolicy.RECALL_THEN_BREAK, 2500, "test")).get();
            SealRecalled recalled = c.await(SealRecalled.class, r -> r.op().equals("defrag"));
            String before = c.coordinator.position().get().digest();

            c.stopCoordinator();
            c.startCoordinator(); // same instance id: loads the log, fences the old one's transactional id

            // The reloaded state is the one before the stop (plus the lease re-arm) ...
            assertThat(c.coordinator.query(m -> m.snapshot(INODE).inodes().get(0).ops().get(0).deadline()).get())
                    .isEqualTo(recalled.deadline());
            // ... and the re-armed recall timer fires once, at the deadline, not before.
            SealBroken broken = c.await(SealBroken.class, b -> true);
            assertThat(broken.at()).isEqualTo(recalled.deadline() + 1);
            c.await(OpGranted.class, g -> g.op().equals("defrag"));

            LogAudit.Report report = LogAudit.run(c.bootstrap, c.topics);
            assertThat(report.firstDifference()).isNull();
            assertThat(report.decisions()).isEqualTo(5); // granted, recalled, broken, fenced, op granted: none doubled
            assertThat(c.all(SealBroken.class)).hasSize(1);
            assertThat(c.all(AgentFenced.class)).hasSize(1);
            // Committed decisions seen by both coordinators' listeners, together: each exactly once.
            assertThat(c.all(SealGranted.class)).hasSize(1);
            assertThat(c.all(SealRecalled.class)).hasSize(1);
            assertThat(c.all(OpGranted.class)).hasSize(1);
            assertThat(report.replayed().liveSealCount()).isZero();
            assertThat(before).isNotEmpty();
            c.assertLogConsistent();
        }
    }

}
