package io.daxseal.core.check;

import io.daxseal.core.LogInconsistencyException;
import io.daxseal.core.SealMachine;
import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one S4 auditor ("replaying the log reproduces every decision"), used by {@code replay
 * --check}, {@code check} and the live audit of a Kafka log. It keeps two machines: one
 * <em>replays</em> the log (inputs and logged decisions applied as they are), the other
 * <em>re-decides</em> the log's inputs; the stream of events re-deciding produces is compared, in
 * order, with the stream the log holds, and the first difference is kept. At the end the two
 * machines' digests must be equal too.
 *
 * <p>Two ways to feed it, one per kind of log:
 * <ul>
 *   <li>a decided file, where each input was read at its own {@code at} and timers fire as rule 7
 *       says: {@link #accept} every event, then {@link #finishFile};</li>
 *   <li>a journaled log (Kafka), whose journal says when each input was read and when timers
 *       fired: per step, {@link #decide} or {@link #fireTimers}, then {@link #loggedInput} and
 *       {@link #logged} for what the log holds, then {@link #endStep}; {@link #rearm} where the
 *       coordinator re-armed leases; {@link #finish} at the end.</li>
 * </ul>
 *
 * <p>Streaming: memory holds only the events between a decision's place in the log and its
 * re-decided counterpart, so logs of any length can be checked.
 */
public final class S4Audit {

    /**
     * The first difference.
     *
     * @param where where the log holds {@code inLog} ({@code null} past the log's end)
     * @param inLog what the log holds there ({@code null}: the log ended)
     * @param reDecided what re-deciding gives instead ({@code null}: nothing more)
     * @param step the journal step it was found in, or {@code null} for a file
     */
    public record Difference(String where, Event inLog, Event reDecided, String step) {
    }

    private record Logged(String where, Event event) {
    }

    private final SealMachine replayed;
    private final SealMachine redecided;
    private final Deque<Logged> expected = new ArrayDeque<>();
    private final Deque<Event> produced = new ArrayDeque<>();
    private final Simulator simulator;
    private long logClock;
    private long eventsChecked;
    private long decisionsChecked;
    private String step;
    private Difference difference;
    private String inconsistency;

    /** An audit of a log without partitions (a {@code .jsonl} file), from its beginning. */
    public S4Audit() {
        this(new SealMachine(), new SealMachine());
    }

    /**
     * An audit that starts from a state already loaded twice (from a snapshot, or empty for a log
     * that starts at its beginning): {@code replayed} takes the logged decisions, {@code redecided}
     * decides the inputs again. The two must be equal states of separate machines.
     */
    public S4Audit(SealMachine replayed, SealMachine redecided) {
        if (replayed == redecided) {
            throw new IllegalArgumentException("the audit needs two machines, not one twice");
        }
        this.replayed = replayed;
        this.redecided = redecided;
        this.simulator = new Simulator(redecided, Simulator.Sink.of(produced::add));
        this.logClock = replayed.clock();
    }

    // ----------------------------------------------------------------------------- a decided file

    /**
     * Feeds the next valid event of a decided file, read at its own time. Returns {@code false}
     * once a difference is found (the rest of the log is not worth checking).
     */
    public boolean accept(String where, Event event) {
        if (difference != null) {
            return false;
        }
        switch (event) {
            case Input input -> {
                loggedInput(input, input.at(), where);
                simulator.offer(input);
            }
            case Decision decision -> logged(decision, where);
        }
        compare();
        return difference == null;
    }

    /**
     * Ends the check of a file: timers fire up to the log's clock, since the log may end with timer
     * decisions. With {@code logComplete}, re-decided events beyond the log's end are a difference
     * too; for a prefix of a log ({@code replay --at}) they are expected.
     */
    public Difference finishFile(boolean logComplete) {
        if (difference == null) {
            simulator.advanceTo(logClock);
            compare();
        }
        return finish(logComplete);
    }

    // --------------------------------------------------------------------------- a journaled log

    /** Starts a journal step (named in a difference found during it). */
    public void beginStep(String description) {
        step = description;
    }

    /** Re-decides an input as the coordinator read it, at {@code readAt}. */
    public void decide(Input input, long readAt) {
        produced.add(input);
        produced.addAll(redecided.decide(input, readAt).decisions());
    }

    /** Re-fires the timers due at or before {@code upTo}. */
    public void fireTimers(long upTo) {
        produced.addAll(redecided.fireTimersUpTo(upTo));
    }

    /** The log holds this input, read at {@code readAt}: the replaying machine applies it. */
    public void loggedInput(Input input, long readAt, String where) {
        logClock = Math.max(logClock, input.at());
        replayed.replay(input, readAt);
        expected.add(new Logged(where, input));
        compare();
    }

    /** The log holds this decision: the replaying machine applies it. */
    public void logged(Decision decision, String where) {
        logClock = Math.max(logClock, decision.at());
        try {
            replayed.replay(decision);
        } catch (LogInconsistencyException e) {
            // Re-deciding differs here too, most likely; the comparison names that first. Kept in case it does not.
            if (inconsistency == null) {
                inconsistency = "the decision at " + where + " does not fit the replayed state: " + e.getMessage();
            }
        }
        expected.add(new Logged(where, decision));
        compare();
    }

    /** Ends a step: what it logged and what re-deciding it gave must be the same, no more, no less. */
    public void endStep() {
        compare();
        if (difference == null && (!expected.isEmpty() || !produced.isEmpty())) {
            Logged e = expected.peek();
            difference = new Difference(e == null ? null : e.where(), e == null ? null : e.event(), produced.peek(), step);
        }
        expected.clear();
        produced.clear();
        step = null;
    }

    /** The coordinator gave every live lease a full ttl here (after loading, or a stall): both machines do. */
    public void rearm(long now) {
        replayed.rearmLeases(now);
        redecided.rearmLeases(now);
    }

    /** Ends the check; {@code logComplete}: re-decided events beyond the log's end are a difference. */
    public Difference finish(boolean logComplete) {
        compare();
        if (difference == null && !expected.isEmpty()) {
            Logged e = expected.peek();
            difference = new Difference(e.where(), e.event(), null, step);
        }
        if (difference == null && logComplete && !produced.isEmpty()) {
            difference = new Difference(null, null, produced.peek(), step);
        }
        return difference;
    }

    // -------------------------------------------------------------------------------- results

    /** The first difference so far, or {@code null}. */
    public Difference difference() {
        return difference;
    }

    /**
     * The first difference in words, or a logged decision that did not fit the replayed state, or
     * {@code null} when there was neither.
     */
    public String firstProblem() {
        if (difference == null) {
            return inconsistency;
        }
        return (difference.step() == null ? "" : difference.step() + ": ")
                + (difference.inLog() == null ? "the log ends, but re-deciding goes on with " + difference.reDecided()
                : "at " + difference.where() + " the log holds " + difference.inLog() + " but re-deciding gives "
                + (difference.reDecided() == null ? "nothing more" : difference.reDecided()));
    }

    /** Whether S4 holds for what was fed: no difference, no inconsistency, equal digests. */
    public boolean consistent() {
        return firstProblem() == null && replayed.digest().equals(redecided.digest());
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
        return redecided;
    }

    private void compare() {
        while (difference == null && !expected.isEmpty() && !produced.isEmpty()) {
            Logged e = expected.poll();
            Event p = produced.poll();
            if (!e.event().equals(p)) {
                difference = new Difference(e.where(), e.event(), p, step);
            } else {
                eventsChecked++;
                if (p instanceof Decision) {
                    decisionsChecked++;
                }
            }
        }
    }
}
