package io.daxseal.coordinator.runtime;

import io.daxseal.events.Input;
import java.util.List;

/**
 * What one journal entry commits: the decisions with their steps, the entry, and the inputs it
 * decided (the snapshot shadow applies them), plus when its records were read (for the decision
 * latency metric). Made on the loop thread, committed by the commit pipeline.
 */
record DecidedEntry(List<TaggedDecision> out, JournalEntry entry, List<Input> inputs, long readNanos) {

    /** Whether somebody waits for its commit: it holds decisions. */
    boolean answersSomebody() {
        return !out.isEmpty();
    }

    /** Its weight for back-pressure: the inputs it decided, and one for the entry. */
    int weight() {
        return inputs.size() + 1;
    }
}
