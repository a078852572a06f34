package io.daxseal.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuntimeStateTest {

    @Test
    void aRuntimeLoadsThenDecidesAndMayRecoverAndComeBack() {
        RuntimeState s = RuntimeState.LOADING.moveTo(RuntimeState.ACTIVE).moveTo(RuntimeState.RECOVERING)
                .moveTo(RuntimeState.ACTIVE).moveTo(RuntimeState.FENCED).moveTo(RuntimeState.CLOSED);
        assertThat(s).isEqualTo(RuntimeState.CLOSED);
        assertThat(RuntimeState.ACTIVE.alive()).isTrue();
        assertThat(RuntimeState.STANDBY.alive()).isFalse();
    }

    @Test
    void anEndedRuntimeNeverComesBackAndLoadingIsNotSkipped() {
        for (RuntimeState end : new RuntimeState[] {RuntimeState.STANDBY, RuntimeState.FENCED, RuntimeState.FAILED}) {
            assertThatThrownBy(() -> end.moveTo(RuntimeState.ACTIVE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(end + " to ACTIVE");
        }
        assertThatThrownBy(() -> RuntimeState.LOADING.moveTo(RuntimeState.RECOVERING))
                .isInstanceOf(IllegalStateException.class);
        assertThat(RuntimeState.CLOSED.next()).isEmpty();
    }
}
