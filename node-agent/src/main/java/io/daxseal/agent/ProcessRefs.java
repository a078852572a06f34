package io.daxseal.agent;

import io.daxseal.events.ProcessRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names processes the way PROTOCOL.md does: pid plus start time (field 22 of
 * {@code /proc/PID/stat}, clock ticks since boot), so a recycled pid is never taken for the old
 * process.
 */
public final class ProcessRefs {

    private ProcessRefs() {
    }

    /** The running process with this pid, or empty if there is none. */
    public static Optional<ProcessRef> of(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.UTF_8);
            return Optional.of(new ProcessRef(pid, startTime(stat)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This JVM. */
    public static ProcessRef self() {
        int pid = (int) ProcessHandle.current().pid();
        return of(pid).orElseGet(() -> new ProcessRef(pid, 0));
    }

    /** Whether exactly that process (pid and start time) still runs. */
    public static boolean alive(ProcessRef process) {
        return of(process.pid()).map(p -> p.start() == process.start()).orElse(false);
    }

    /**
     * Field 22 of a stat line. The command name (field 2) is in parentheses and may itself hold
     * spaces and parentheses, so fields are counted after the last ')'.
     */
    static long startTime(String stat) {
        int close = stat.lastIndexOf(')');
        String[] rest = stat.substring(close + 2).trim().split(" ");
        // rest[0] is field 3 (state), so field 22 is rest[19].
        return Long.parseLong(rest[19]);
    }
}
