/**
 * JSON encoding and strict decoding of protocol events.
 *
 * <p>{@link io.daxseal.events.json.EventCodec} turns one JSON object into one
 * {@link io.daxseal.events.Event} or a {@link io.daxseal.events.json.BadEventException} that names
 * the field and the reason; it never guesses (no coercion of strings to numbers, no fractions for
 * integers, no duplicate keys). Older schema versions are lifted to the current one by
 * {@link io.daxseal.events.json.Upcaster}s before binding, so stored logs stay readable after the
 * protocol changes. {@code EventBinder} maps wire fields to records and {@code EventWriter} records to
 * wire fields, one place each. The JSON Schema of v2 ships as the resource
 * {@code io/daxseal/events/events-v2.schema.json}.
 */
package io.daxseal.events.json;
