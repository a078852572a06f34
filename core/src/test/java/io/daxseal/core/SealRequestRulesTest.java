package io.daxseal.core;

import static io.daxseal.core.Ctx.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.DenyReason;
import io.daxseal.events.FenceCause;
import io.daxseal.events.OpPolicy;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md rules 1 and 2: seal requests, checked in order. */
class SealRequestRulesTest {

    private final Ctx ctx = new Ctx();

    @Test
    void aLiveIncarnationGetsThePartitionsNextToken() {
        ctx.in(reg(0, "a", 1, 5000));
        assertThat(ctx.in(pin(10, "s1", "a", 1, F1, 0, 4096))).containsExactly(granted(10, "s1", "a", 1, F1, 1));
        assertThat(ctx.in(pin(11, "s2", "a", 1, F1, 0, 4096))).containsExactly(granted(11, "s2", "a", 1, F1, 2));
        // A log without partitions has one counter: another inode goes on from it.
        assertThat(ctx.in(pin(12, "s1", "a", 1, F2, 0, 4096))).containsExactly(granted(12, "s1", "a", 1, F2, 3));
        assertThat(ctx.machine.liveSealCount()).isEqualTo(3);
    }

    @Test
    void eachPartitionHasItsOwnCounter() {
        Partitioning byIno = new Partitioning() {
            @Override
            public int partitions() {
                return 2;
            }

            @Override
            public int partitionOf(io.daxseal.events.Inode inode) {
                return (int) (inode.ino() / 100 % 2); // F1 (100) in 1, F2 (200) in 0
            }
        };
        SealMachine m = new SealMachine(byIno);
        m.decide(reg(0, "a", 1, 5000), 0);
        assertThat(byIno.partitionOf(F1)).isNotEqualTo(byIno.partitionOf(F2));
        assertThat(m.decide(pin(1, "s1", "a", 1, F1, 0, 1), 1).decisions()).containsExactly(granted(1, "s1", "a", 1, F1, 1));
        assertThat(m.decide(pin(2, "s2", "a", 1, F1, 0, 1), 2).decisions()).containsExactly(granted(2, "s2", "a", 1, F1, 2));
        assertThat(m.decide(pin(3, "s1", "a", 1, F2, 0, 1), 3).decisions()).containsExactly(granted(3, "s1", "a", 1, F2, 1));
        assertThat(m.snapshot().tokens()).hasSize(2);
    }

    @Test
    void aForgottenInodeNeverGetsATokenAgain() {
        ctx.in(reg(0, "a", 1, 5000));
        ctx.in(pin(10, "s1", "a", 1, F1, 0, 4096));
        ctx.in(rel(11, "s1", "a", 1, F1));
        assertThat(ctx.machine.snapshot().inodes()).isEmpty(); // rule 13: nothing live on it, forgotten
        assertThat(ctx.machine.footprint().inodes()).isZero();
        assertThat(ctx.in(pin(12, "s2", "a", 1, F1, 0, 4096))).containsExactly(granted(12, "s2", "a", 1, F1, 2));
    }

    @Test
    void sealsNeverConflictWithEachOther() {
        ctx.in(reg(0, "a", 1, 5000));
        ctx.in(reg(0, "b", 1, 5000));
        assertThat(ctx.in(pin(10, "s1", "a", 1, F1, 0, 100))).containsExactly(granted(10, "s1", "a", 1, F1, 1));
        assertThat(ctx.in(pin(10, "s1", "b", 1, F1, 0, 100))).containsExactly(granted(10, "s1", "b", 1, F1, 2));
    }

    @Nested
    class Denials {

        @Test
        void anAgentThatNeverRegisteredIsUnknown() {
            assertThat(ctx.in(pin(10, "s1", "ghost", 1, F1, 0, 1)))
                    .containsExactly(denied(10, "s1", "ghost", 1, F1, DenyReason.UNKNOWN_AGENT));
        }

        @Test
        void anIncarnationAboveTheHighestIsUnknownAndOneBelowItIsFenced() {
            ctx.in(reg(0, "a", 2, 5000));
            assertThat(ctx.in(pin(10, "s1", "a", 3, F1, 0, 1)))
                    .containsExactly(denied(10, "s1", "a", 3, F1, DenyReason.UNKNOWN_AGENT));
            // v2: judged against the highest registered incarnation, whether #1 ever registered or not.
            assertThat(ctx.in(pin(10, "s1", "a", 1, F1, 0, 1)))
                    .containsExactly(denied(10, "s1", "a", 1, F1, DenyReason.AGENT_FENCED));
        }

        @Test
        void aReplacedIncarnationIsFenced() {
            ctx.in(reg(0, "a", 1, 5000));
            ctx.in(reg(5, "a", 2, 5000));
            assertThat(ctx.in(pin(10, "s1", "a", 1, F1, 0, 1)))
                    .containsExactly(denied(10, "s1", "a", 1, F1, DenyReason.AGENT_FENCED));
        }

        @Test
        void anExpiredIncarnationIsFenced() {
            ctx.in(reg(0, "a", 1, 1000));
            assertThat(ctx.in(pin(5000, "s1", "a", 1, F1, 0, 1))).containsExactly(
                    expired(1001, "a", 1, 0),
                    denied(5000, "s1", "a", 1, F1, DenyReason.AGENT_FENCED));
        }

        @Test
        void aDepartedIncarnationIsFenced() {
            ctx.in(reg(0, "a", 1, 5000));
            ctx.in(left(5, "a", 1));
            assertThat(ctx.in(pin(10, "s1", "a", 1, F1, 0, 1)))
                    .containsExactly(denied(10, "s1", "a", 1, F1, DenyReason.AGENT_FENCED));
        }

        @Test
        void aSealIdIsADuplicateOnlyWhileItIsLive() {
            ctx.in(reg(0, "a", 1, 5000));
            ctx.in(pin(10, "s1", "a", 1, F1, 0, 1));
            assertThat(ctx.in(pin(11, "s1", "a", 1, F1, 50, 1)))
                    .containsExactly(denied(11, "s1", "a", 1, F1, DenyReason.DUPLICATE));
            // Another inode may use the id while it is live here.
            assertThat(ctx.in(pin(12, "s1", "a", 1, F2, 0, 1))).containsExactly(granted(12, "s1", "a", 1, F2, 2));
            // v2: ended ids are not remembered (agents never reuse one; PROTOCOL.md, "Agents' duties").
            ctx.in(rel(13, "s1", "a", 1, F1));
            assertThat(ctx.in(pin(14, "s1", "a", 1, F1, 0, 1))).containsExactly(granted(14, "s1", "a", 1, F1, 3));
            ctx.in(reg(15, "a", 2, 5000));
            assertThat(ctx.in(pin(16, "s1", "a", 2, F1, 0, 1))).containsExactly(granted(16, "s1", "a", 2, F1, 4));
        }

        @Test
        void aRecallingOperationMakesOverlappingRangesBusyButNotAdjacentOnes() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 100, 100));
            ctx.in(op(2, "o1", F1, 150, 100, OpPolicy.RECALL, 1000)); // [150,250) recalls s1
            assertThat(ctx.in(pin(3, "s2", "a", 1, F1, 249, 1)))
                    .containsExactly(denied(3, "s2", "a", 1, F1, DenyReason.RANGE_BUSY));
            assertThat(ctx.in(pin(4, "s3", "a", 1, F1, 250, 10))).containsExactly(granted(4, "s3", "a", 1, F1, 2));
            assertThat(ctx.in(pin(5, "s4", "a", 1, F1, 140, 10))).containsExactly(granted(5, "s4", "a", 1, F1, 3));
        }

        @Test
        void aGrantedUnfinishedOperationMakesItsRangeBusyUntilItFinishes() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(op(1, "o1", F1, 0, 100, OpPolicy.FAIL_FAST, 0));
            assertThat(ctx.in(pin(2, "s1", "a", 1, F1, 99, 1)))
                    .containsExactly(denied(2, "s1", "a", 1, F1, DenyReason.RANGE_BUSY));
            ctx.in(fin(3, "o1", F1));
            // A denied id may be requested again.
            assertThat(ctx.in(pin(4, "s1", "a", 1, F1, 99, 1))).containsExactly(granted(4, "s1", "a", 1, F1, 1));
        }

        @Test
        void aQueuedOperationDoesNotMakeItsRangeBusy() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(op(1, "o1", F1, 0, 100, OpPolicy.FAIL_FAST, 0)); // granted, unfinished
            ctx.in(op(2, "o2", F1, 50, 200, OpPolicy.RECALL, 100)); // queued behind o1
            assertThat(ctx.in(pin(3, "s1", "a", 1, F1, 150, 10))).containsExactly(granted(3, "s1", "a", 1, F1, 1));
        }

        @Test
        void checksComeInTheProtocolsOrder() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(2, "o1", F1, 0, 10, OpPolicy.RECALL, 1000));
            // duplicate beats range-busy
            assertThat(ctx.in(pin(3, "s1", "a", 1, F1, 0, 10)))
                    .containsExactly(denied(3, "s1", "a", 1, F1, DenyReason.DUPLICATE));
            ctx.in(reg(4, "a", 2, 50_000));
            // agent-fenced beats duplicate
            assertThat(ctx.in(pin(5, "s1", "a", 1, F1, 0, 10)))
                    .containsExactly(denied(5, "s1", "a", 1, F1, DenyReason.AGENT_FENCED));
        }
    }

    @Test
    void replacingAnIncarnationFencesItOnlyOnce() {
        ctx.in(reg(0, "a", 1, 5000));
        assertThat(ctx.in(reg(5, "a", 2, 5000))).containsExactly(fenced(5, "a", 1, FenceCause.REPLACED));
        assertThat(ctx.in(reg(6, "a", 3, 5000))).containsExactly(fenced(6, "a", 2, FenceCause.REPLACED));
    }
}
