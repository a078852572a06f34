package io.daxseal.core;

import static io.daxseal.core.Ctx.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.BreakCause;
import io.daxseal.events.DropCause;
import io.daxseal.events.FenceCause;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.ProcessRef;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md rules 6, 8, 9 and 10: leases, incarnations, process exits, leaving, stale input. */
class AgentRulesTest {

    private final Ctx ctx = new Ctx();

    @Nested
    class Lease {

        @Test
        void anIncarnationExpiresOneMillisecondAfterItsLeaseRunsOut() {
            ctx.in(reg(1000, "a", 1, 500));
            ctx.in(pin(1100, "s1", "a", 1, F1, 0, 10));
            ctx.in(pin(1200, "s2", "a", 1, F2, 0, 10));
            assertThat(ctx.advance(1500)).isEmpty();
            assertThat(ctx.advance(1501)).containsExactly(
                    broken(1501, "s1", "a", 1, F1, BreakCause.LEASE_EXPIRED),
                    broken(1501, "s2", "a", 1, F2, BreakCause.LEASE_EXPIRED),
                    expired(1501, "a", 1, 1000));
            assertThat(ctx.machine.liveSealCount()).isZero();
        }

        @Test
        void aHeartbeatExactlyAtTheDueTimeIsInTime() {
            ctx.in(reg(1000, "a", 1, 500));
            assertThat(ctx.in(hb(1500, "a", 1))).isEmpty();
            assertThat(ctx.advance(2000)).isEmpty();
            assertThat(ctx.advance(2001)).containsExactly(expired(2001, "a", 1, 1500));
        }

        @Test
        void aHeartbeatOneMillisecondLateFindsTheIncarnationExpired() {
            ctx.in(reg(1000, "a", 1, 500));
            assertThat(ctx.in(hb(1501, "a", 1))).containsExactly(expired(1501, "a", 1, 1000));
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.INCARNATION_NOT_LIVE);
        }

        @Test
        void anOlderHeartbeatDoesNotShortenTheLease() {
            ctx.in(reg(1000, "a", 1, 500));
            ctx.in(hb(1400, "a", 1));
            ctx.in(hb(1300, "a", 1)); // out of order: clock stays at 1400, last heartbeat stays 1400
            assertThat(ctx.advance(1900)).isEmpty();
            assertThat(ctx.advance(1901)).containsExactly(expired(1901, "a", 1, 1400));
        }

        @Test
        void anExpiryThatEndsTheLastRecalledSealGrantsTheOperation() {
            ctx.in(reg(0, "a", 1, 1000));
            ctx.in(reg(0, "b", 1, 50_000));
            ctx.in(pin(10, "s1", "a", 1, F1, 0, 10));
            ctx.in(op(20, "o1", F1, 0, 10, OpPolicy.RECALL, 30_000));
            assertThat(ctx.in(hb(1001, "b", 1))).containsExactly(
                    broken(1001, "s1", "a", 1, F1, BreakCause.LEASE_EXPIRED),
                    expired(1001, "a", 1, 0),
                    opGranted(1001, "o1", F1));
        }

        @Test
        void timersFireInOrderOfFiringTimeThenOfArming() {
            ctx.in(reg(0, "b", 1, 1000));
            ctx.in(reg(0, "a", 1, 1000)); // same due time, armed later
            ctx.in(reg(0, "c", 1, 900));
            assertThat(ctx.advance(5000)).containsExactly(
                    expired(901, "c", 1, 0),
                    expired(1001, "b", 1, 0),
                    expired(1001, "a", 1, 0));
        }

        @Test
        void aRegistrationReadAfterItsLeaseRanOutExpiresRightAway() {
            ctx.in(reg(10_000, "b", 1, 50_000));
            // "a" registered at 1000 with a 500 ms lease, but we read it only at clock 10000.
            assertThat(ctx.in(reg(1000, "a", 1, 500))).containsExactly(expired(10_000, "a", 1, 1000));
        }
    }

    @Nested
    class Incarnations {

        @Test
        void aHigherIncarnationDropsTheLiveOnesSealsAndFencesIt() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s2", "a", 1, F2, 0, 10));
            ctx.in(pin(2, "s1", "a", 1, F1, 0, 10));
            assertThat(ctx.in(reg(5, "a", 7, 50_000))).containsExactly(
                    dropped(5, "s1", "a", 1, F1, DropCause.INCARNATION_REPLACED),
                    dropped(5, "s2", "a", 1, F2, DropCause.INCARNATION_REPLACED),
                    fenced(5, "a", 1, FenceCause.REPLACED));
        }

        @Test
        void replacingAnExpiredIncarnationDecidesNothing() {
            ctx.in(reg(0, "a", 1, 500));
            ctx.advance(501);
            assertThat(ctx.in(reg(600, "a", 2, 500))).isEmpty();
        }

        @Test
        void aLowerOrEqualIncarnationIsStaleAndIgnored() {
            ctx.in(reg(0, "a", 5, 50_000));
            assertThat(ctx.in(reg(1, "a", 5, 50_000))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.STALE_INCARNATION);
            assertThat(ctx.in(reg(2, "a", 4, 50_000))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.STALE_INCARNATION);
            // incarnation 4 was never registered, but it is below the highest: fenced (v2)
            assertThat(ctx.in(pin(3, "s", "a", 4, F1, 0, 1))).containsExactly(
                    denied(3, "s", "a", 4, F1, io.daxseal.events.DenyReason.AGENT_FENCED));
            assertThat(ctx.machine.footprint().incarnations()).isEqualTo(1);
            assertThat(ctx.machine.ignoredCounts()).containsEntry(Ignored.STALE_INCARNATION, 2L);
        }
    }

    @Nested
    class ExitAndLeave {

        @Test
        void aProcessExitDropsOnlyThatProcessesSeals() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(map(1, "m1", "a", 1, P1, F1, 0, 10));
            ctx.in(map(2, "m2", "a", 1, P2, F1, 0, 10));
            ctx.in(map(3, "m3", "a", 1, P1, F2, 0, 10));
            ProcessRef recycledPid = new ProcessRef(P1.pid(), P1.start() + 1);
            assertThat(ctx.in(exited(4, "a", 1, recycledPid))).isEmpty();
            assertThat(ctx.in(exited(5, "a", 1, P1))).containsExactly(
                    dropped(5, "m1", "a", 1, F1, DropCause.PROCESS_EXIT),
                    dropped(5, "m3", "a", 1, F2, DropCause.PROCESS_EXIT));
            assertThat(ctx.machine.liveSealCount()).isEqualTo(1);
        }

        @Test
        void leavingDropsEverySealAndEndsTheIncarnation() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(pin(2, "s2", "a", 1, F2, 0, 10));
            ctx.in(op(3, "o1", F2, 0, 10, OpPolicy.RECALL, 10_000));
            assertThat(ctx.in(left(4, "a", 1))).containsExactly(
                    dropped(4, "s1", "a", 1, F1, DropCause.AGENT_LEFT),
                    dropped(4, "s2", "a", 1, F2, DropCause.AGENT_LEFT),
                    opGranted(4, "o1", F2));
            assertThat(ctx.in(hb(5, "a", 1))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.INCARNATION_NOT_LIVE);
            assertThat(ctx.advance(100_000)).isEmpty(); // no expiry for a departed incarnation
        }
    }

    @Nested
    class StaleInput {

        @Test
        void inputFromAnIncarnationThatIsNotLiveChangesNothing() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            ctx.in(reg(2, "a", 2, 50_000)); // drops s1, fences #1
            String digest = ctx.machine.digest();
            assertThat(ctx.in(rel(3, "s1", "a", 1, F1))).isEmpty();
            assertThat(ctx.in(exited(3, "a", 1, P1))).isEmpty();
            assertThat(ctx.in(left(3, "a", 1))).isEmpty();
            assertThat(ctx.in(hb(3, "a", 1))).isEmpty();
            assertThat(ctx.in(hb(3, "zz", 1))).isEmpty();
            assertThat(ctx.machine.ignoredCounts()).containsEntry(Ignored.INCARNATION_NOT_LIVE, 5L);
            // only the clock moved
            assertThat(ctx.machine.clock()).isEqualTo(3);
            assertThat(ctx.machine.liveSealCount()).isZero();
            assertThat(digest).isNotNull();
        }

        @Test
        void releasingASealThatIsNotLiveChangesNothing() {
            ctx.in(reg(0, "a", 1, 50_000));
            ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
            assertThat(ctx.in(rel(2, "s1", "a", 1, F2))).isEmpty(); // wrong inode
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.SEAL_NOT_LIVE);
            assertThat(ctx.in(rel(3, "nope", "a", 1, F1))).isEmpty();
            assertThat(ctx.in(rel(4, "s1", "a", 1, F1))).isEmpty();
            assertThat(ctx.lastOutcome.ignored()).isNull();
            assertThat(ctx.in(rel(5, "s1", "a", 1, F1))).isEmpty(); // twice
            assertThat(ctx.lastOutcome.ignored()).isEqualTo(Ignored.SEAL_NOT_LIVE);
        }
    }
}
