package io.daxseal.core;

import static io.daxseal.core.Ctx.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.BreakCause;
import io.daxseal.events.DenyReason;
import io.daxseal.events.FenceCause;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.RejectReason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md rules 3, 4 and 5: extent operations, recalls, timeouts, breaks and queueing. */
class OperationRulesTest {

    private final Ctx ctx = new Ctx();

    @Nested
    class Start {

        @Test
        void withNoOverlappingSealAnOperationIsGrantedAtOnce() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 100));
            // adjacent: [100, 200) does not overlap [0, 100)
            assertThat(ctx.in(op(2, "o1", F1, 100, 100, OpPolicy.FAIL_FAST, 0))).containsExactly(opGranted(2, "o1", F1));
            // another inode
            assertThat(ctx.in(op(3, "o1", F2, 0, 100, OpPolicy.FAIL_FAST, 0))).containsExactly(opGranted(3, "o1", F2));
        }

        @Test
        void failFastRejectsAtOnceWhenASealOverlaps() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 100));
            assertThat(ctx.in(op(2, "o1", F1, 99, 100, OpPolicy.FAIL_FAST, 0)))
                    .containsExactly(rejected(2, "o1", F1, RejectReason.SEALED));
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1);
        }

        @Test
        void anOpIdIsADuplicateOnlyWhileThatOperationIsUnfinished() {
            ctx.in(op(1, "o1", F1, 0, 100, OpPolicy.FAIL_FAST, 0));
            assertThat(ctx.in(op(2, "o1", F1, 500, 100, OpPolicy.FAIL_FAST, 0)))
                    .containsExactly(rejected(2, "o1", F1, RejectReason.DUPLICATE));
            ctx.in(fin(3, "o1", F1));
            assertThat(ctx.machine.footprint().inodes()).isZero(); // rule 13: forgotten with its ended op
            // v2: ended operation ids are not remembered: the id names a new operation.
            assertThat(ctx.in(op(4, "o1", F1, 500, 100, OpPolicy.FAIL_FAST, 0))).containsExactly(opGranted(4, "o1", F1));
            // The duplicate request did not disturb the first operation or block others.
            assertThat(ctx.in(op(5, "o2", F1, 0, 100, OpPolicy.FAIL_FAST, 0))).containsExactly(opGranted(5, "o2", F1));
        }

        @Test
        void aDuplicateOfAnActiveOperationLeavesTheOriginalRunning() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 100));
            ctx.in(op(2, "o1", F1, 0, 100, OpPolicy.RECALL, 1000));
            assertThat(ctx.in(op(3, "o1", F1, 0, 100, OpPolicy.FAIL_FAST, 0)))
                    .containsExactly(rejected(3, "o1", F1, RejectReason.DUPLICATE));
            assertThat(ctx.in(rel(4, "s1", "a", 1, F1))).containsExactly(opGranted(4, "o1", F1));
        }

        @Test
        void aRecallRecallsEveryOverlappingSealInTokenOrderAndGrantsWhenTheLastEnds() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(reg(0, "b", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 100));
            ctx.in(pin(2, "s2", "b", 1, F1, 300, 100));
            ctx.in(pin(3, "s3", "a", 1, F1, 50, 10));
            ctx.in(pin(4, "s4", "b", 1, F1, 1000, 10)); // outside the operation
            assertThat(ctx.in(op(10, "o1", F1, 0, 500, OpPolicy.RECALL, 2000))).containsExactly(
                    recalled(10, "s1", "a", 1, F1, "o1", 2010),
                    recalled(10, "s2", "b", 1, F1, "o1", 2010),
                    recalled(10, "s3", "a", 1, F1, "o1", 2010));
            assertThat(ctx.in(rel(20, "s2", "b", 1, F1))).isEmpty();
            assertThat(ctx.in(rel(30, "s1", "a", 1, F1))).isEmpty();
            assertThat(ctx.in(rel(40, "s3", "a", 1, F1))).containsExactly(opGranted(40, "o1", F1));
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1);
        }

        @Test
        void aTruncateWithoutLengthRunsToTheEndOfTheFile() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "far", "a", 1, F1, Long.MAX_VALUE - 10, 10)); // the last bytes a file can have
            ctx.in(pin(2, "near", "a", 1, F1, 0, 4096));
            assertThat(ctx.in(truncate(3, "t1", F1, 4096, OpPolicy.RECALL, 100)))
                    .containsExactly(recalled(3, "far", "a", 1, F1, "t1", 103));
        }

        @Test
        void aZeroBreakTimeoutStillWaitsUntilTheNextMillisecond() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            assertThat(ctx.in(op(5, "o1", F1, 0, 10, OpPolicy.RECALL, 0)))
                    .containsExactly(recalled(5, "s1", "a", 1, F1, "o1", 5));
            assertThat(ctx.in(rel(5, "s1", "a", 1, F1))).containsExactly(opGranted(5, "o1", F1));
        }
    }

    @Nested
    class Deadline {

        @Test
        void aReleaseExactlyAtTheDeadlineIsInTime() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(10, "o1", F1, 0, 10, OpPolicy.RECALL_THEN_BREAK, 100)); // deadline 110
            assertThat(ctx.in(rel(110, "s1", "a", 1, F1))).containsExactly(opGranted(110, "o1", F1));
            assertThat(ctx.advance(10_000)).isEmpty();
        }

        @Test
        void aReleaseAfterTheDeadlineComesTooLateForTheOperation() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(10, "o1", F1, 0, 10, OpPolicy.RECALL, 100)); // deadline 110
            assertThat(ctx.in(rel(111, "s1", "a", 1, F1)))
                    .containsExactly(rejected(111, "o1", F1, RejectReason.RECALL_TIMEOUT));
            // The release came after the timer: it still releases the (live) seal.
            assertThat(ctx.machine.liveSealCount()).isZero();
        }

        @Test
        void recallPolicyLeavesSealsLive() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(10, "o1", F1, 0, 10, OpPolicy.RECALL, 100));
            assertThat(ctx.advance(111)).containsExactly(rejected(111, "o1", F1, RejectReason.RECALL_TIMEOUT));
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1);
            assertThat(ctx.machine.snapshot(F1).inodes().getFirst().seals().getFirst().recalledBy()).isEmpty();
        }

        @Test
        void recallThenBreakBreaksFencesBreaksTheHoldersOtherSealsAndGrants() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(reg(0, "b", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(pin(2, "s2", "b", 1, F1, 5, 10));
            ctx.in(pin(3, "other", "a", 1, F2, 0, 10)); // a's seal on another inode
            ctx.in(pin(4, "far", "a", 1, F1, 500, 10)); // a's seal on the same inode, outside the op
            ctx.in(pin(5, "safe", "b", 1, F2, 0, 10));
            ctx.in(op(10, "o1", F1, 0, 100, OpPolicy.RECALL_THEN_BREAK, 100));
            ctx.in(rel(50, "s2", "b", 1, F1)); // b cooperates
            assertThat(ctx.advance(111)).containsExactly(
                    broken(111, "s1", "a", 1, F1, BreakCause.RECALL_TIMEOUT),
                    broken(111, "far", "a", 1, F1, BreakCause.AGENT_FENCED),
                    broken(111, "other", "a", 1, F2, BreakCause.AGENT_FENCED),
                    fenced(111, "a", 1, FenceCause.RECALL_TIMEOUT),
                    opGranted(111, "o1", F1));
            // S3: the fenced incarnation never gets a seal again; b was not fenced.
            assertThat(ctx.in(pin(200, "s9", "a", 1, F2, 100, 1)))
                    .containsExactly(denied(200, "s9", "a", 1, F2, DenyReason.AGENT_FENCED));
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1); // b's "safe"
        }

        @Test
        void everyDistinctHolderIsFencedOnceInAgentOrder() {
            ctx.in(reg(0, "b", 1, 50_000));
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "x", "b", 1, F1, 0, 10));
            ctx.in(pin(2, "y", "a", 1, F1, 0, 10));
            ctx.in(pin(3, "z", "b", 1, F1, 0, 10));
            ctx.in(op(10, "o1", F1, 0, 10, OpPolicy.RECALL_THEN_BREAK, 0));
            assertThat(ctx.advance(11)).containsExactly(
                    broken(11, "x", "b", 1, F1, BreakCause.RECALL_TIMEOUT),
                    broken(11, "y", "a", 1, F1, BreakCause.RECALL_TIMEOUT),
                    broken(11, "z", "b", 1, F1, BreakCause.RECALL_TIMEOUT),
                    fenced(11, "a", 1, FenceCause.RECALL_TIMEOUT),
                    fenced(11, "b", 1, FenceCause.RECALL_TIMEOUT),
                    opGranted(11, "o1", F1));
        }

        @Test
        void breakingOneOperationsSealsCanCompleteAnotherOperationsRecall() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(pin(2, "s2", "a", 1, F2, 0, 10));
            ctx.in(op(3, "slow", F2, 0, 10, OpPolicy.RECALL, 10_000));
            ctx.in(op(4, "fast", F1, 0, 10, OpPolicy.RECALL_THEN_BREAK, 10));
            assertThat(ctx.advance(15)).containsExactly(
                    broken(15, "s1", "a", 1, F1, BreakCause.RECALL_TIMEOUT),
                    broken(15, "s2", "a", 1, F2, BreakCause.AGENT_FENCED),
                    fenced(15, "a", 1, FenceCause.RECALL_TIMEOUT),
                    opGranted(15, "fast", F1),
                    opGranted(15, "slow", F2));
            assertThat(ctx.advance(20_000)).isEmpty();
        }
    }

    @Nested
    class Queue {

        @Test
        void overlappingOperationsRunOneAtATimeInRequestOrder() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            assertThat(ctx.in(op(2, "o1", F1, 0, 100, OpPolicy.RECALL, 1000)))
                    .containsExactly(recalled(2, "s1", "a", 1, F1, "o1", 1002));
            assertThat(ctx.in(op(3, "o2", F1, 50, 100, OpPolicy.FAIL_FAST, 0))).isEmpty(); // queued
            assertThat(ctx.in(op(4, "o3", F1, 500, 100, OpPolicy.FAIL_FAST, 0)))
                    .containsExactly(opGranted(4, "o3", F1)); // no overlap: runs at once
            assertThat(ctx.in(rel(5, "s1", "a", 1, F1))).containsExactly(opGranted(5, "o1", F1));
            assertThat(ctx.in(fin(6, "o1", F1))).containsExactly(opGranted(6, "o2", F1));
        }

        @Test
        void anOperationWaitsBehindAnEarlierQueuedOneThatOverlapsIt() {
            ctx.in(op(1, "o1", F1, 0, 100, OpPolicy.FAIL_FAST, 0)); // granted
            ctx.in(op(2, "o2", F1, 50, 100, OpPolicy.FAIL_FAST, 0)); // behind o1
            assertThat(ctx.in(op(3, "o3", F1, 120, 100, OpPolicy.FAIL_FAST, 0))).isEmpty(); // behind o2, not o1
            assertThat(ctx.in(fin(4, "o1", F1))).containsExactly(opGranted(4, "o2", F1));
            assertThat(ctx.in(fin(5, "o2", F1))).containsExactly(opGranted(5, "o3", F1));
        }

        @Test
        void aRejectionLetsTheOperationsBehindItStartInRequestOrder() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(2, "o1", F1, 0, 100, OpPolicy.RECALL, 100)); // recalls s1
            ctx.in(op(3, "o2", F1, 0, 100, OpPolicy.FAIL_FAST, 0)); // queued
            ctx.in(op(4, "o3", F1, 0, 100, OpPolicy.RECALL, 50)); // queued
            // o1 times out; o2 starts and fails fast on s1; o3 starts and recalls s1.
            assertThat(ctx.advance(103)).containsExactly(
                    rejected(103, "o1", F1, RejectReason.RECALL_TIMEOUT),
                    rejected(103, "o2", F1, RejectReason.SEALED),
                    recalled(103, "s1", "a", 1, F1, "o3", 153));
        }

        @Test
        void finishingWithdrawsAQueuedOrRecallingOperationAndItsSealsStayLive() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(2, "o1", F1, 0, 100, OpPolicy.RECALL_THEN_BREAK, 100));
            ctx.in(op(3, "o2", F1, 0, 100, OpPolicy.FAIL_FAST, 0));
            assertThat(ctx.in(fin(4, "o2", F1))).isEmpty(); // queued: withdrawn
            assertThat(ctx.in(fin(5, "o1", F1))).isEmpty(); // recalling: withdrawn
            assertThat(ctx.advance(10_000)).isEmpty(); // its deadline passes: nothing is broken
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1);
            assertThat(ctx.in(pin(10_001, "s2", "a", 1, F1, 0, 10))).containsExactly(granted(10_001, "s2", "a", 1, F1, 2));
        }

        @Test
        void finishingAnUnknownOrFinishedOperationChangesNothing() {
            assertThat(ctx.in(fin(1, "nope", F1))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.OP_NOT_ACTIVE);
            ctx.in(op(2, "o1", F1, 0, 1, OpPolicy.FAIL_FAST, 0));
            ctx.in(fin(3, "o1", F1));
            assertThat(ctx.in(fin(4, "o1", F1))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.OP_NOT_ACTIVE);
            assertThat(ctx.machine.ignoredCounts()).containsEntry(Ignored.OP_NOT_ACTIVE, 2L);
        }
    }
}
