package io.daxseal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.ProcessRef;
import org.junit.jupiter.api.Test;

/** Processes are named by pid and start time, so a recycled pid is not the old process. */
class ProcessRefsTest {

    @Test
    void readsTheStartTimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "1234 (my (odd) name) S 1 1234 1234 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        assertThat(ProcessRefs.startTime(stat)).isEqualTo(987654L);
    }

    @Test
    void thisProcessIsAliveAndTheSamePidWithAnotherStartTimeIsNot() {
        ProcessRef self = ProcessRefs.self();
        assertThat(ProcessRefs.alive(self)).isTrue();
        assertThat(ProcessRefs.alive(new ProcessRef(self.pid(), self.start() + 1))).isFalse();
    }

    @Test
    void anExitedProcessIsNotAlive() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThat(ProcessRefs.of((int) p.pid())).isEmpty();
    }
}
