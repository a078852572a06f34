package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.core.AgentStatus;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.agent.core.RevokeReason;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.BreakCause;
import io.daxseal.events.DenyReason;
import io.daxseal.events.DropCause;
import io.daxseal.events.FenceCause;
import io.daxseal.events.Inode;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpOutcome;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.RejectReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each rule's path end to end: agents (the real library) and a requester on a real broker, the
 * coordinator runtime deciding, and an S4 audit of the resulting Kafka log at the end of each.
 */
class RulesLiveTest {

    static final Inode INODE = new Inode("fs1", 7, 1);

    static OpRequested op(String id, Range range, OpPolicy policy, long breakTimeoutMs) {
        return new OpRequested(System.currentTimeMillis(), id, INODE, range, OpKind.PUNCH_HOLE, policy, breakTimeoutMs, "test");
    }

    @Test
    void failFastIsRejectedWhileSealedAndGrantedWhenNot() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent a = c.agent("a");
            a.map(INODE, new Range(0, 100), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            c.requester.request(op("ff1", new Range(50, 10), OpPolicy.FAIL_FAST, 0)).get();
            assertThat(c.await(OpRejected.class, r -> r.op().equals("ff1")).reason()).isEqualTo(RejectReason.SEALED);
            c.requester.request(op("ff2", new Range(100, 10), OpPolicy.FAIL_FAST, 0)).get(); // adjacent: no overlap
            c.await(OpGranted.class, g -> g.op().equals("ff2"));
            c.assertLogConsistent();
        }
    }

    @Test
    void recallThenBreakAgainstAHolderThatDoesNotAnswerBreaksFencesAndTheAgentComesBackAsANewIncarnation()
            throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            List<RevokeReason> revoked = new CopyOnWriteArrayList<>();
            NodeAgent stuck = c.agent(c.agentConfig("stuck").build(), recall -> new CompletableFuture<>(),
                    (seal, reason) -> revoked.add(reason));
            long first = stuck.incarnation();
            HeldSeal s1 = stuck.pin(INODE, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            HeldSeal other = stuck.pin(new Inode("fs1", 8, 1), new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            c.requester.request(op("rtb", new Range(0, 5), OpPolicy.RECALL_THEN_BREAK, 300)).get();
            c.await(OpGranted.class, g -> g.op().equals("rtb"));
            assertThat(c.all(SealBroken.class)).extracting(SealBroken::seal, SealBroken::cause).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(s1.seal(), BreakCause.RECALL_TIMEOUT),
                    org.assertj.core.groups.Tuple.tuple(other.seal(), BreakCause.AGENT_FENCED));
            assertThat(c.all(AgentFenced.class)).extracting(AgentFenced::cause).containsExactly(FenceCause.RECALL_TIMEOUT);
            await().atMost(Duration.ofSeconds(20)).until(() -> stuck.status() == AgentStatus.LIVE
                    && stuck.incarnation() > first);
            assertThat(revoked).hasSize(2);
            assertThat(stuck.heldSeals()).isEmpty();
            c.assertLogConsistent();
        }
    }

    @Test
    void plainRecallThatTimesOutRejectsTheOperationAndTheSealStaysLive() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent stuck = c.agent(c.agentConfig("stuck").build(), recall -> new CompletableFuture<>(),
                    RevokeHandler.IGNORE);
            stuck.pin(INODE, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            c.requester.request(op("r1", new Range(0, 5), OpPolicy.RECALL, 300)).get();
            assertThat(c.await(OpRejected.class, r -> r.op().equals("r1")).reason())
                    .isEqualTo(RejectReason.RECALL_TIMEOUT);
            assertThat(stuck.heldSeals()).hasSize(1);
            assertThat(c.all(SealBroken.class)).isEmpty();
            c.assertLogConsistent();
        }
    }

    @Test
    void anAgentThatStopsHeartbeatingExpiresAndItsSealsAreBroken() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent a = c.agent("dies");
            a.pin(INODE, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            long inc = a.incarnation();
            a.halt();
            AgentExpired expired = c.await(AgentExpired.class, e -> e.agent().equals("dies"), Duration.ofSeconds(10));
            assertThat(expired.incarnation()).isEqualTo(inc);
            assertThat(c.all(SealBroken.class)).extracting(SealBroken::cause).containsExactly(BreakCause.LEASE_EXPIRED);
            c.assertLogConsistent();
        }
    }

    @Test
    void aPinDeniedRangeBusyIsRetriedAndGrantedAfterTheOperationFinishes() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent a = c.agent(c.agentConfig("a").rangeBusyAttempts(20)
                    .rangeBusyBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build(),
                    io.daxseal.agent.RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
            c.requester.request(op("busy", new Range(0, 100), OpPolicy.RECALL, 1000)).get();
            c.await(OpGranted.class, g -> g.op().equals("busy"));
            CompletableFuture<HeldSeal> pin = a.pin(INODE, new Range(10, 10), ProcessRefs.self());
            c.await(SealDenied.class, d -> d.reason() == DenyReason.RANGE_BUSY);
            assertThat(pin).isNotDone();
            c.requester.finish(new OpFinished(System.currentTimeMillis(), "busy", INODE, OpOutcome.DONE)).get();
            HeldSeal seal = pin.get(20, TimeUnit.SECONDS);
            assertThat(seal.range()).isEqualTo(new Range(10, 10));
            c.assertLogConsistent();
        }
    }

    @Test
    void aDeniedRequestOtherThanRangeBusyFailsAtOnceWithItsReason() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            // An agent that never registered: published by hand, as a misconfigured server would.
            c.requester.publish(new SealRequested(System.currentTimeMillis(), "x", "ghost", 1, new ProcessRef(1, 1), INODE,
                    new Range(0, 1), SealKind.MAP)).get();
            assertThat(c.await(SealDenied.class, d -> d.agent().equals("ghost")).reason()).isEqualTo(DenyReason.UNKNOWN_AGENT);
            c.assertLogConsistent();
        }
    }

    @Test
    void aProcessExitDropsItsSealsAndAReplacedOrDepartedIncarnationDropsTheRest() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                NodeAgent a = c.agent("a");
                ProcessRef ref = ProcessRefs.of((int) sleeper.pid()).orElseThrow();
                a.pin(INODE, new Range(0, 10), ref).get(20, TimeUnit.SECONDS);
                a.pin(INODE, new Range(20, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
                sleeper.destroyForcibly().waitFor();
                assertThat(c.await(SealDropped.class, d -> d.cause() == DropCause.PROCESS_EXIT).seal()).isNotNull();

                a.halt(); // the host crashed and restarts: a higher incarnation
                NodeAgent again = c.agent("a");
                assertThat(again.incarnation()).isGreaterThan(a.incarnation());
                c.await(SealDropped.class, d -> d.cause() == DropCause.INCARNATION_REPLACED);
                c.await(AgentFenced.class, f -> f.cause() == FenceCause.REPLACED);

                again.pin(INODE, new Range(40, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
                again.close();
                c.await(SealDropped.class, d -> d.cause() == DropCause.AGENT_LEFT);
                c.assertLogConsistent();
            } finally {
                sleeper.destroyForcibly();
            }
        }
    }

    @Test
    void badRecordsAreCountedAndNeverStopTheGoodEventsBehindThem() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            c.requester.send(c.topics.inodeLog(), INODE.key(), "{not json".getBytes(StandardCharsets.UTF_8)).get();
            c.requester.send(c.topics.inodeLog(), INODE.key(),
                    "{\"type\":\"op.requested\",\"v\":2,\"at\":1}".getBytes(StandardCharsets.UTF_8)).get();
            c.requester.request(op("after-bad", new Range(0, 1), OpPolicy.FAIL_FAST, 0)).get();
            c.await(OpGranted.class, g -> g.op().equals("after-bad"));
            assertThat(c.registry.get("daxseal.events.read").tags("kind", "bad").counter().count()).isEqualTo(2.0);
            c.assertLogConsistent();
        }
    }

    @Test
    void aGrantThatNeverComesTimesOutWithAClearError() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            NodeAgent a = c.agent(c.agentConfig("a").grantTimeout(Duration.ofMillis(300)).build(),
                    io.daxseal.agent.RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
            c.stopCoordinator();
            assertThatThrownBy(() -> a.pin(INODE, new Range(0, 1), ProcessRefs.self()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }
}
