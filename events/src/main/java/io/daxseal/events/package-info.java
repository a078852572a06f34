/**
 * The daxseal wire contract, protocol version 2: every event of {@code PROTOCOL.md} as an
 * immutable record.
 *
 * <p>{@link io.daxseal.events.Event} is a sealed interface with two sealed branches:
 * {@link io.daxseal.events.Input} (written by agents and requesters) and
 * {@link io.daxseal.events.Decision} (written by the coordinator). Each record carries its stable
 * wire name in {@link io.daxseal.events.EventType}; Java class names never reach the wire.
 * Records validate their invariants on construction, so an event that exists is a valid one.
 * {@link io.daxseal.events.SealRef}, {@link io.daxseal.events.OpRef} and
 * {@link io.daxseal.events.IncarnationRef} name a seal, an operation and an incarnation (instead
 * of strings glued together), and {@link io.daxseal.events.Topics} the Kafka topics' names.
 * Encoding and decoding live in {@link io.daxseal.events.json}.
 */
package io.daxseal.events;
