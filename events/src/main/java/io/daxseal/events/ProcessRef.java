package io.daxseal.events;

/**
 * A process on an agent's host: its pid and its start time (field 22 of {@code /proc/PID/stat}),
 * so that a recycled pid is never mistaken for the process that held a seal.
 */
public record ProcessRef(int pid, long start) {

    public ProcessRef {
        Checks.atLeast("pid", pid, 1);
        Checks.atLeast("start", start, 0);
    }

    @Override
    public String toString() {
        return pid + "@" + start;
    }
}
