package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.agent.ProcessRefs;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fatal error on the coordinator's loop thread stops the loop and says why: no silent dead thread, no hang. */
class CoordinatorFatalErrorLiveTest {

    @Test
    @Timeout(60)
    void anOutOfMemoryErrorInTheLoopStopsItWithAClearReason() throws Exception {
        try (LiveCluster c = new LiveCluster().startCoordinator()) {
            CoordinatorRuntime runtime = c.coordinator;
            runtime.addListener(decisions -> {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            });
            // The grant is a decision: the listener is told of it on the loop thread, and throws.
            c.agent("fatal-host").pin(new Inode("fatal", 1, 1), new Range(0, 10), ProcessRefs.self());
            await().atMost(Duration.ofSeconds(30)).until(() -> !runtime.running());
            assertThat(runtime.fatal()).isTrue();
            assertThat(runtime.failure()).contains("fatal error").contains("OutOfMemoryError");
            assertThat(runtime.position()).as("queries fail at once instead of waiting").isCompletedExceptionally();
        }
    }
}
