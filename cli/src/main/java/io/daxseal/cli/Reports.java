package io.daxseal.cli;

import io.daxseal.core.sim.LogReader;
import io.daxseal.events.Violation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** Reports bad lines on standard error, one line each, and counts them by violation. */
final class Reports {

    /** Print at most this many bad-line reports; a broken file must not flood the terminal. */
    static final int MAX_REPORTED = 100;

    private final PrintWriter err;
    private final String file;
    private final Map<Violation, Long> bad = new EnumMap<>(Violation.class);
    private long inconsistent;
    private long reported;

    Reports(PrintWriter err, Path file) {
        this.err = err;
        this.file = file.toString();
    }

    void badLine(LogReader.Line line) {
        badLine(line.number(), line.error().violation(), line.error().getMessage());
    }

    void badLine(long number, Violation violation, String message) {
        bad.merge(violation, 1L, Long::sum);
        report("%s:%d: bad event (%s): %s".formatted(file, number, violation, message));
    }

    void inconsistent(long number, String message) {
        inconsistent++;
        report("%s:%d: does not fit the log before it, skipped: %s".formatted(file, number, message));
    }

    private void report(String text) {
        if (++reported <= MAX_REPORTED) {
            err.println(text);
        } else if (reported == MAX_REPORTED + 1) {
            err.println(file + ": more bad lines follow; only the first " + MAX_REPORTED + " are shown, all are counted");
        }
    }

    /** The one message for a log or input file that cannot be opened or read. */
    static String cannotRead(String command, Path file, java.io.IOException e) {
        String why = switch (e) {
            case java.nio.file.NoSuchFileException x -> "no such file";
            case java.nio.file.AccessDeniedException x -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return "daxseal " + command + ": cannot read '" + file + "': " + why + " (check the path and its permissions)";
    }

    long badCount() {
        return bad.values().stream().mapToLong(Long::longValue).sum();
    }

    long inconsistentCount() {
        return inconsistent;
    }

    /** {@code 3 bad lines (2 out-of-range, 1 malformed-json)}, or {@code no bad lines}. */
    String badSummary() {
        long total = badCount();
        if (total == 0) {
            return "no bad lines";
        }
        StringJoiner parts = new StringJoiner(", ", " (", ")");
        bad.forEach((v, n) -> parts.add(n + " " + v));
        return total + " bad line" + (total == 1 ? "" : "s") + parts;
    }
}
