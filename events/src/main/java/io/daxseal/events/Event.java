package io.daxseal.events;

/**
 * One daxseal event: one JSON object on the wire, one Kafka record value, one line of a
 * {@code .jsonl} log. Every event has a time {@link #at()} (epoch milliseconds, set by its writer)
 * and a {@link #type()}.
 *
 * <p>The hierarchy is sealed so that a {@code switch} over events is checked for exhaustiveness
 * by the compiler: adding an event type breaks every place that must handle it.
 */
public sealed interface Event permits Input, Decision {

    /** Event time in epoch milliseconds, set by whoever wrote the event. */
    long at();

    /** The event's type and stable wire name. */
    EventType type();
}
