package io.daxseal.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The loop's stall detection, with the times passed in: no broker, no thread. */
class StallWatchTest {

    @Test
    void aPollThatReturnsWithinItsWaitIsNoStall() {
        StallWatch w = new StallWatch(1000);
        assertThat(w.polled(10_000, 100)).isZero(); // the first poll has nothing to compare with
        assertThat(w.polled(10_100, 100)).isZero();
        assertThat(w.polled(11_200, 100)).as("1,000 ms beyond the wait is not over the threshold").isZero();
        assertThat(w.takeRearm()).isFalse();
    }

    @Test
    void aStallOverTheThresholdAsksForOneRearm() {
        StallWatch w = new StallWatch(1000);
        w.polled(10_000, 100);
        assertThat(w.polled(11_101, 0)).isEqualTo(1101);
        assertThat(w.takeRearm()).isTrue();
        assertThat(w.takeRearm()).as("taken once").isFalse();
    }

    @Test
    void aLoadResetsTheClockAndDropsAPendingRearm() {
        StallWatch w = new StallWatch(1000);
        w.polled(10_000, 0);
        w.polled(20_000, 0);
        w.loaded(20_050); // loading re-armed every lease already
        assertThat(w.takeRearm()).isFalse();
        assertThat(w.polled(20_100, 0)).isZero();
    }
}
