package io.daxseal.coordinator.core;

import io.daxseal.events.Decision;
import java.util.List;

/**
 * What deciding one input or firing timers produced: the decisions, in log order, and, for an
 * input that changed nothing, why it was ignored.
 */
public record Outcome(List<Decision> decisions, Ignored ignored) {

    public Outcome {
        decisions = List.copyOf(decisions);
    }

    public boolean isIgnored() {
        return ignored != null;
    }
}
