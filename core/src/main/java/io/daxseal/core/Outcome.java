package io.daxseal.core;

import io.daxseal.events.Decision;
import java.util.List;

/**
 * What deciding one input or firing timers produced: the decisions, in log order, and, for an
 * input that changed nothing, why it was ignored.
 */
public record Outcome(List<Decision> decisions, Ignored ignored) {

    /** An input that was applied and caused no decision. */
    static final Outcome NONE = new Outcome(List.of(), null);

    /** The list is the caller's to read, not to change; it is not copied (this is the hot path). */
    public Outcome {
    }

    static Outcome of(Decision decision) {
        return new Outcome(List.of(decision), null);
    }

    public boolean isIgnored() {
        return ignored != null;
    }
}
