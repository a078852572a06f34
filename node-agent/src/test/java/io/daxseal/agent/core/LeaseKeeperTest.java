package io.daxseal.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** S5's arithmetic: revoke at lastAckedSentAt + ttl − margin, and not a millisecond before. */
class LeaseKeeperTest {

    @Test
    void noDoubtBeforeTheFirstAcknowledgement() {
        LeaseKeeper lease = new LeaseKeeper(3000, 600);
        assertThat(lease.revokeAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(lease.inDoubt(Long.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void inDoubtExactlyAtSentTimePlusTtlMinusMargin() {
        LeaseKeeper lease = new LeaseKeeper(3000, 600);
        lease.started(10_000);
        assertThat(lease.inDoubt(12_399)).isFalse();
        assertThat(lease.inDoubt(12_400)).isTrue();
    }

    @Test
    void anAckMovesTheDeadlineByItsSendTimeAndLateAcksOfOlderHeartbeatsDoNotMoveItBack() {
        LeaseKeeper lease = new LeaseKeeper(3000, 600);
        lease.started(10_000);
        lease.acked(11_000, 11_010);
        lease.acked(10_500, 11_020); // an older heartbeat's ack arriving late
        assertThat(lease.revokeAt()).isEqualTo(13_400);
        assertThat(lease.lastAckedSentAt()).isEqualTo(11_000);
    }

    /**
     * Regression (found by the chaos harness, SIGSTOP of an agent): on waking from a pause longer than
     * the ttl, the heartbeat timer sent first and its acknowledgement moved the deadline, so the lease
     * check never saw the lease in doubt and the agent kept seals the coordinator had already broken.
     */
    @Test
    void aHeartbeatSentAfterTheDeadlineDoesNotReviveTheLease() {
        LeaseKeeper lease = new LeaseKeeper(3000, 600);
        lease.started(10_000);
        lease.acked(12_400, 12_401); // sent exactly at the deadline: too late
        assertThat(lease.revokeAt()).isEqualTo(12_400);
        lease.acked(20_000, 20_005); // sent on waking from a long pause
        assertThat(lease.inDoubt(20_050)).isTrue();
    }

    /**
     * Regression (found by the chaos harness's 30-minute run, a broker restart): a heartbeat sent
     * before the deadline but acknowledged after it (the broker was restarting) moved the deadline,
     * while the coordinator, which had not read that heartbeat, expired the incarnation and broke
     * its seals. An acknowledgement counts only if it arrives before the deadline.
     */
    @Test
    void anAcknowledgementArrivingAfterTheDeadlineDoesNotExtendTheLease() {
        LeaseKeeper lease = new LeaseKeeper(3000, 600);
        lease.started(10_000); // deadline 12_400
        lease.acked(11_000, 12_400); // sent in time, acknowledged at the deadline: too late
        assertThat(lease.revokeAt()).isEqualTo(12_400);
        lease.acked(11_500, 12_399); // acknowledged a millisecond before: counts
        assertThat(lease.revokeAt()).isEqualTo(13_900);
    }

    @Test
    void theMarginMustBeInsideTheTtl() {
        assertThatThrownBy(() -> new LeaseKeeper(1000, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseKeeper(1000, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
