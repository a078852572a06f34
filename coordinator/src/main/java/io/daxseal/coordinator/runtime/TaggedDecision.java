package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;

/** A decision and the journal step that produced it (written as the {@code daxseal-step} header). */
record TaggedDecision(Decision decision, long step) {
}
