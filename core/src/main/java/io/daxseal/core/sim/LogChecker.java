package io.daxseal.core.sim;

import io.daxseal.core.LogInconsistencyException;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks S4 on a decided log: re-decides the log's inputs with the clock taken from their
 * {@code at} and compares every event produced with the log, in order; meanwhile it replays the
 * log into a second machine, so the two states can be compared at the end.
 *
 * <p>Streaming: memory holds only the events between a decision's place in the log and its
 * re-decided counterpart, so logs of any length can be checked.
 */
public final class LogChecker {

    /** The first difference between the log and re-deciding it. */
    public record Mismatch(long line, Event inLog, Event reDecided) {
    }

    private record Expected(long line, Event event) {
    }

    private final SealMachine replayed = new SealMachine();
    private final SealMachine reDecider = new SealMachine();
    private final Deque<Expected> expected = new ArrayDeque<>();
    private final Deque<Event> produced = new ArrayDeque<>();
    private final Simulator simulator = new Simulator(reDecider, Simulator.Sink.of(produced::add));
    private long logClock;
    private long eventsChecked;
    private long decisionsChecked;
    private Mismatch mismatch;

    /**
     * Feeds the next valid event of the log. Returns {@code false} once a mismatch is found (the
     * rest of the log is not worth checking).
     */
    public boolean accept(long line, Event event) {
        if (mismatch != null) {
            return false;
        }
        logClock = Math.max(logClock, event.at());
        try {
            replayed.replay(event);
        } catch (LogInconsistencyException e) {
            // Re-deciding will differ right here; the comparison below names the difference.
        }
        expected.add(new Expected(line, event));
        if (event instanceof Input input) {
            simulator.offer(input);
        }
        compare();
        return mismatch == null;
    }

    /**
     * Ends the check. Timers are fired up to the log's clock, since the log may end with timer
     * decisions. With {@code logComplete}, re-decided events beyond the log's end are a mismatch
     * too; for a prefix of a log (replay's {@code --at}) they are expected.
     */
    public Mismatch finish(boolean logComplete) {
        if (mismatch == null) {
            simulator.advanceTo(logClock);
            compare();
        }
        if (mismatch == null && !expected.isEmpty()) {
            Expected e = expected.peek();
            mismatch = new Mismatch(e.line, e.event, null);
        }
        if (mismatch == null && logComplete && !produced.isEmpty()) {
            mismatch = new Mismatch(-1, null, produced.peek());
        }
        return mismatch;
    }

    private void compare() {
        while (mismatch == null && !expected.isEmpty() && !produced.isEmpty()) {
            Expected e = expected.poll();
            Event p = produced.poll();
            if (!e.event.equals(p)) {
                mismatch = new Mismatch(e.line, e.event, p);
            } else {
                eventsChecked++;
                if (p instanceof Decision) {
                    decisionsChecked++;
                }
            }
        }
    }

    public long eventsChecked() {
        return eventsChecked;
    }

    public long decisionsChecked() {
        return decisionsChecked;
    }

    /** The state built by applying the log. */
    public SealMachine replayed() {
        return replayed;
    }

    /** The state built by re-deciding the log's inputs. */
    public SealMachine reDecided() {
        return reDecider;
    }
}
