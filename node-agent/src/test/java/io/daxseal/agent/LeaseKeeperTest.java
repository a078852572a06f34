package io.daxseal.agent;

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
        lease.acked(11_000);
        lease.acked(10_500); // an older heartbeat's ack arriving late
        assertThat(lease.revokeAt()).isEqualTo(13_400);
        assertThat(lease.lastAckedSentAt()).isEqualTo(11_000);
    }

    @Test
    void theMarginMustBeInsideTheTtl() {
        assertThatThrownBy(() -> new LeaseKeeper(1000, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseKeeper(1000, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
