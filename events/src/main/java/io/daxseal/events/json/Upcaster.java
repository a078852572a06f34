package io.daxseal.events.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lifts an event's JSON from schema version {@code n} to {@code n + 1}, before binding. The codec
 * chains upcasters from an event's {@code v} to {@link EventCodec#CURRENT_VERSION} and sets
 * {@code v} itself, so an upcaster only moves, renames or fills in fields.
 *
 * <p>Throw {@link IllegalArgumentException} for a payload that cannot be lifted; the codec
 * reports it as a bad event.
 */
@FunctionalInterface
public interface Upcaster {

    /** Returns the event's JSON at the next version (may modify and return its argument). */
    ObjectNode upcast(ObjectNode event);
}
