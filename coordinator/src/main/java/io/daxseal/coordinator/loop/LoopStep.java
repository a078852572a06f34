package io.daxseal.coordinator.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator loop's decisions about time, with no I/O: given what a read returned, when, and
 * what the broker said the logs' ends are, it says what to decide now and at which time, and what to
 * hold while a timer is due. The runtime does the reading and the deciding through {@link Io}.
 *
 * <p><b>Rule 7, one due time at a time.</b> Input the broker appended by a timer's due time is in
 * time, however late the coordinator reads it (it was behind, it stalled, the broker restarted).
 * So while the machine's next timer fires at {@code F ≤} the read time (due at {@code D = F - 1}):
 * the read records appended by {@code D} are decided first, as read at {@code D}; then the timer
 * fires (a decision at {@code F}) only once every partition is <em>settled</em> as of {@code D} —
 * it holds a read record appended after {@code D}, or the reader's position is at the end the
 * broker gave for it when asked at a time after {@code D}; then the next timer, and so on. Only
 * when no timer is due is the rest decided, at the read time. Nothing else: a dead agent's lease
 * fires as soon as everything appended by its due time has been read, however long the loop
 * stalled, so no lease needs re-arming after a stall (the loop of the first runtime re-armed every
 * lease after a stall, which under a sustained overload delayed expiries without bound).
 *
 * <p><b>Never blocks.</b> The ends are asked asynchronously ({@link Io#endOffsets}); while the
 * answer is on its way the loop reads on with a short poll ({@link #pollTimeout}), and a failed
 * or stale answer is asked again. A timer waits (and says so, every 5 s) rather than fire on a
 * guess.
 *
 * <p><b>Stalls</b> are reported, not acted on: the time since the previous read returned, beyond
 * what that read was allowed to wait, when it passes the threshold.
 *
 * <p>Owned by the loop thread.
 *
 * @param <T> the runtime's classification of a record
 */
public final class LoopStep<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LoopStep.class);
    /** How long a read waits while a due timer waits for the log to settle: short, not a hot loop. */
    static final long SETTLING_POLL_MS = 2;

    /** What the loop reads and decides with. */
    public interface Io<T> {

        /** When the machine's next timer fires (a timer due at {@code D} fires at {@code D + 1}). */
        OptionalLong nextTimerAt();

        /** The machine's clock: a decision is never made at an earlier time. */
        long clock();

        /**
         * Decides {@code records} (each partition's in offset order; possibly none, to fire the timers
         * due by {@code at}) as read at {@code at}.
         */
        void decide(Map<LogPartition, List<Polled<T>>> records, long at);

        /** The partitions read. */
        Set<LogPartition> partitions();

        /** The offset of the next record the reader will return from {@code partition}. */
        long position(LogPartition partition);

        /** Asks the broker, now, for each partition's end (the offset after its last readable record). */
        CompletableFuture<Map<LogPartition, Long>> endOffsets();

        /** The loop did not run for {@code ms} beyond its read's wait. */
        void stalled(long ms);
    }

    /** An answer about the logs' ends, asked at {@code askedAt} (the coordinator's clock). */
    private record Probe<T>(long askedAt, CompletableFuture<Map<LogPartition, Long>> ends) {
    }

    private final Io<T> io;
    private final long stallThresholdMs;
    private final long maxPollMs;
    private final String name;
    /** Read, not yet decided, per partition in offset order: the part of each appended after a due time. */
    private final Map<LogPartition, ArrayDeque<Polled<T>>> held = new TreeMap<>();
    private int heldCount;
    private Probe<T> probe;
    /** The due time a timer waits at for the log to settle, or {@code Long.MIN_VALUE} when none waits. */
    private long waitingAt = Long.MIN_VALUE;
    private long waitingSinceNanos;
    private long lastWaitWarningNanos = Long.MIN_VALUE;
    private long previousReadAt = Long.MIN_VALUE;
    /** What the last failed answer about the logs' ends said, for the waiting warning; empty when none failed. */
    private String lastProblem = "";

    /**
     * @param stallThresholdMs a read returning this much later than it was allowed to wait is reported as a stall
     * @param maxPollMs the longest a read waits when no timer is due sooner
     * @param name the instance, for messages
     */
    public LoopStep(Io<T> io, long stallThresholdMs, long maxPollMs, String name) {
        this.io = io;
        this.stallThresholdMs = stallThresholdMs;
        this.maxPollMs = maxPollMs;
        this.name = name;
    }

    /**
     * What the loop read at {@code readAt} by a read allowed to wait {@code waitedMs}: decides what
     * can be decided now (through {@link Io#decide}) and holds the rest.
     *
     * @param read the records read, each partition's in offset order
     */
    public void step(List<Polled<T>> read, long readAt, long waitedMs) {
        if (previousReadAt != Long.MIN_VALUE && readAt - previousReadAt - waitedMs > stallThresholdMs) {
            io.stalled(readAt - previousReadAt - waitedMs);
        }
        previousReadAt = readAt;
        for (Polled<T> p : read) {
            held.computeIfAbsent(p.where(), k -> new ArrayDeque<>()).addLast(p);
            heldCount++;
        }
        while (true) {
            OptionalLong fireAt = io.nextTimerAt();
            if (fireAt.isEmpty() || fireAt.getAsLong() > readAt) {
                break;
            }
            long due = fireAt.getAsLong() - 1;
            Map<LogPartition, List<Polled<T>>> early = takeAppendedBy(due);
            if (!early.isEmpty()) {
                io.decide(early, Math.max(io.clock(), due));
                continue; // an input may have ended (or moved) the timer
            }
            if (!settledAsOf(due, readAt)) {
                waitingFor(due);
                return;
            }
            io.decide(Map.of(), Math.max(io.clock(), fireAt.getAsLong()));
            OptionalLong after = io.nextTimerAt();
            if (after.isPresent() && after.getAsLong() <= fireAt.getAsLong()) {
                // A machine whose due timer does not fire would spin this loop forever: stop it loudly instead.
                throw new IllegalStateException("the timer due to fire at " + fireAt.getAsLong()
                        + " did not fire when decided at that time");
            }
        }
        waitingAt = Long.MIN_VALUE;
        if (heldCount > 0) {
            io.decide(takeAll(), Math.max(io.clock(), readAt));
        }
    }

    /** How long the next read may wait, at {@code now}: until the next timer, short while one waits to settle. */
    public long pollTimeout(long now) {
        if (waitingAt != Long.MIN_VALUE) {
            return SETTLING_POLL_MS;
        }
        OptionalLong next = io.nextTimerAt();
        if (next.isEmpty()) {
            return maxPollMs;
        }
        return Math.max(0, Math.min(maxPollMs, next.getAsLong() - Math.max(now, io.clock())));
    }

    /** Whether a due timer waits for the log to settle. */
    public boolean waiting() {
        return waitingAt != Long.MIN_VALUE;
    }

    /** How many read records wait undecided (behind a due timer). */
    public int held() {
        return heldCount;
    }

    /** The reader was sought back to the journal's positions (a load): what was held will be read again. */
    public void reset(long loadedAt) {
        held.clear();
        heldCount = 0;
        probe = null;
        waitingAt = Long.MIN_VALUE;
        previousReadAt = loadedAt;
    }

    /** Each partition's records appended by {@code due}, from the front: behind a later one, its partition waits. */
    private Map<LogPartition, List<Polled<T>>> takeAppendedBy(long due) {
        Map<LogPartition, List<Polled<T>>> early = new LinkedHashMap<>();
        held.forEach((where, queue) -> {
            List<Polled<T>> taken = null;
            while (!queue.isEmpty() && queue.peekFirst().appendedAt() <= due) {
                if (taken == null) {
                    taken = new ArrayList<>();
                }
                taken.add(queue.pollFirst());
            }
            if (taken != null) {
                early.put(where, taken);
                heldCount -= taken.size();
            }
        });
        held.values().removeIf(ArrayDeque::isEmpty);
        return early;
    }

    private Map<LogPartition, List<Polled<T>>> takeAll() {
        Map<LogPartition, List<Polled<T>>> all = new LinkedHashMap<>();
        held.forEach((where, queue) -> all.put(where, new ArrayList<>(queue)));
        held.clear();
        heldCount = 0;
        return all;
    }

    /**
     * Whether nothing appended by {@code due} can still be unread: every partition holds a record
     * appended later, or was read up to the end the broker gave when asked after {@code due}. Asks
     * again when there is no such answer, or it failed.
     */
    private boolean settledAsOf(long due, long now) {
        Probe<T> p = probe;
        boolean fresh = p != null && p.askedAt() > due;
        Map<LogPartition, Long> ends = fresh && p.ends().isDone() && !p.ends().isCompletedExceptionally()
                ? p.ends().join() : null;
        boolean settled = true;
        for (LogPartition where : io.partitions()) {
            if (held.containsKey(where)) {
                continue; // its first held record was appended after due (takeAppendedBy left it)
            }
            Long end = ends == null ? null : ends.get(where);
            if (end == null || io.position(where) < end) {
                settled = false;
                break;
            }
        }
        if (settled) {
            lastProblem = "";
            return true;
        }
        // Ask (again) unless a fresh answer is on its way, or in and complete (then the reads must catch up).
        boolean inFlight = fresh && !p.ends().isDone();
        boolean usable = ends != null && ends.keySet().containsAll(io.partitions());
        if (!inFlight && !usable) {
            if (p != null && p.ends().isCompletedExceptionally()) {
                lastProblem = "the broker (" + describe(p.ends()) + ")";
            }
            probe = new Probe<>(now, io.endOffsets());
        }
        return false;
    }

    private static String describe(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "no error";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** Says, at most every 5 s, that a due timer waits for input, and for what: an operator wants to know. */
    private void waitingFor(long due) {
        long now = System.nanoTime();
        if (waitingAt != due) {
            waitingAt = due;
            waitingSinceNanos = now;
        }
        long waitedMs = (now - waitingSinceNanos) / 1_000_000;
        if (waitedMs >= 1000 && (lastWaitWarningNanos == Long.MIN_VALUE || now - lastWaitWarningNanos > 5_000_000_000L)) {
            lastWaitWarningNanos = now;
            LOG.warn("coordinator {}: a timer due at {} has waited {} ms for input that may have been appended in time; "
                    + "waiting for {}", name, due, waitedMs, lastProblem.isEmpty() ? unread() : lastProblem);
        }
    }

    private String unread() {
        Probe<T> p = probe;
        if (p == null || !p.ends().isDone() || p.ends().isCompletedExceptionally()) {
            return "the broker to say where the logs end";
        }
        StringBuilder s = new StringBuilder();
        p.ends().join().forEach((where, end) -> {
            if (io.partitions().contains(where) && !held.containsKey(where) && io.position(where) < end) {
                s.append(s.isEmpty() ? "" : ", ").append(where).append(" at ").append(io.position(where)).append(" of ")
                        .append(end);
            }
        });
        return s.isEmpty() ? "the broker to say where the logs end" : s.toString();
    }
}
