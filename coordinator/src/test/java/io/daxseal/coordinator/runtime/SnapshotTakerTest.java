package io.daxseal.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The snapshot taker's queue is bounded: a shadow that falls too far behind is given up (counted
 * as a failure), and the loop's hand-off never grows memory past the bound. No broker: the taker is
 * never started, so nothing drains its queue.
 */
class SnapshotTakerTest {

    @Test
    void aShadowThatFallsTooFarBehindIsGivenUpInsteadOfGrowingWithoutBound() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuntimeMetrics metrics = new RuntimeMetrics(registry);
        TopicSetup.Layout layout = new TopicSetup.Layout(1, 1, 1, 1, true);
        SnapshotTaker taker = new SnapshotTaker(CoordinatorConfig.defaults("127.0.0.1:1"), layout, metrics, 0, 3);
        SnapshotTaker.Committed entry = new SnapshotTaker.Committed(JournalEntry.rearm(1, 0), 0, List.of(), List.of());
        for (int i = 0; i < 3; i++) {
            taker.committed(entry);
        }
        assertThat(taker.active()).isTrue();
        assertThat(metrics.snapshotBacklog.get()).isEqualTo(3);

        taker.committed(entry); // the fourth: past the bound
        assertThat(taker.active()).isFalse();
        assertThat(metrics.snapshotBacklog.get()).isZero();
        assertThat(registry.get("daxseal.snapshots").tag("result", "failed").counter().count()).isEqualTo(1);
        taker.committed(entry); // nothing is queued any more
        assertThat(metrics.snapshotBacklog.get()).isZero();
    }
}
