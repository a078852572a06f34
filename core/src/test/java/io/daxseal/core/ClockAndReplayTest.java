package io.daxseal.core;

import static io.daxseal.core.Ctx.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.events.BreakCause;
import io.daxseal.events.OpPolicy;
import org.junit.jupiter.api.Test;

/** Rule 7 (time), rule 11 (decision order) and S4 (replay equals deciding). */
class ClockAndReplayTest {

    private final Ctx ctx = new Ctx();

    @Test
    void theClockNeverGoesBackAndDecisionsCarryIt() {
        ctx.in(reg(1000, "a", 1, 50_000));
        ctx.in(hb(2000, "a", 1));
        assertThat(ctx.in(pin(1500, "s1", "a", 1, F1, 0, 10))).containsExactly(granted(2000, "s1", "a", 1, F1, 1));
        assertThat(ctx.machine.clock()).isEqualTo(2000);
    }

    @Test
    void sealDecisionsComeFirstPerInodeInTokenOrderThenAgentThenOperationDecisions() {
        ctx.in(reg(0, "a", 1, 1000));
        ctx.in(reg(0, "b", 1, 60_000));
        ctx.in(pin(1, "z", "a", 1, F2, 0, 10)); // F2 token 1
        ctx.in(pin(2, "y", "a", 1, F1, 0, 10)); // F1 token 1
        ctx.in(pin(3, "b1", "b", 1, F1, 100, 10)); // F1 token 2 (b's, not expiring)
        ctx.in(pin(4, "x", "a", 1, F1, 0, 10)); // F1 token 3
        ctx.in(op(5, "o2", F2, 0, 10, OpPolicy.RECALL, 50_000));
        ctx.in(op(6, "o1", F1, 0, 10, OpPolicy.RECALL, 50_000));
        assertThat(ctx.advance(1001)).containsExactly(
                broken(1001, "y", "a", 1, F1, BreakCause.LEASE_EXPIRED),
                broken(1001, "x", "a", 1, F1, BreakCause.LEASE_EXPIRED),
                broken(1001, "z", "a", 1, F2, BreakCause.LEASE_EXPIRED),
                expired(1001, "a", 1, 0),
                opGranted(1001, "o1", F1),
                opGranted(1001, "o2", F2));
    }

    @Test
    void replayingTheDecidedLogRebuildsTheSameState() throws Exception {
        ctx.in(reg(0, "a", 1, 1000));
        ctx.in(reg(0, "b", 1, 60_000));
        ctx.in(pin(1, "s1", "a", 1, F1, 0, 10));
        ctx.in(pin(2, "s2", "b", 1, F1, 5, 10));
        ctx.in(op(3, "o1", F1, 0, 100, OpPolicy.RECALL_THEN_BREAK, 200));
        ctx.in(op(4, "o2", F1, 50, 100, OpPolicy.FAIL_FAST, 0));
        ctx.in(rel(5, "s2", "b", 1, F1));
        ctx.advance(300);
        ctx.in(fin(301, "o1", F1));
        ctx.in(reg(302, "a", 2, 1000));
        SealMachine replayed = ctx.replayed();
        assertThat(replayed.digest()).isEqualTo(ctx.machine.digest());
        assertThat(replayed.snapshot()).isEqualTo(ctx.machine.snapshot());
        // and the timers it implies
        assertThat(replayed.pendingTimers()).isEqualTo(ctx.machine.pendingTimers());
    }

    @Test
    void theDigestSeesEveryDifference() {
        Ctx other = new Ctx();
        ctx.in(reg(0, "a", 1, 1000));
        other.in(reg(0, "a", 1, 1001));
        assertThat(ctx.machine.digest()).isNotEqualTo(other.machine.digest());
        Ctx same = new Ctx();
        same.in(reg(0, "a", 1, 1000));
        assertThat(same.machine.digest()).isEqualTo(ctx.machine.digest());
    }

    @Test
    void replayReportsDecisionsThatDoNotFitAndLeavesTheStateAlone() throws Exception {
        SealMachine m = new SealMachine();
        m.replay(reg(0, "a", 1, 1000));
        String before = m.digest();
        assertThatThrownBy(() -> m.replay(granted(1, "s1", "a", 1, F1, 1)))
                .isInstanceOf(LogInconsistencyException.class).hasMessageContaining("no seal.requested before it");
        assertThatThrownBy(() -> m.replay(opGranted(1, "o1", F1)))
                .isInstanceOf(LogInconsistencyException.class).hasMessageContaining("not an unfinished operation");
        assertThatThrownBy(() -> m.replay(broken(1, "s1", "a", 1, F1, BreakCause.LEASE_EXPIRED)))
                .isInstanceOf(LogInconsistencyException.class).hasMessageContaining("not live");
        assertThatThrownBy(() -> m.replay(expired(1, "q", 1, 0)))
                .isInstanceOf(LogInconsistencyException.class).hasMessageContaining("never registered");
        m.replay(pin(1, "s1", "a", 1, F1, 0, 10));
        m.replay(granted(1, "s1", "a", 1, F1, 1));
        assertThatThrownBy(() -> m.replay(expired(2, "a", 1, 0)))
                .isInstanceOf(LogInconsistencyException.class).hasMessageContaining("still holds 1 live seal");
        assertThat(m.liveSealCount()).isEqualTo(1);
        assertThat(before).isNotEqualTo(m.digest());
    }
}
