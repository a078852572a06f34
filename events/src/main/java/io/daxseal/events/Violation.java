package io.daxseal.events;

/** What is wrong with a bad event. Each has a stable name for metrics and reports. */
public enum Violation implements WireEnum {
    /** The line or record value is not one JSON object. */
    MALFORMED_JSON("malformed-json"),
    /** A required field is absent. */
    MISSING("missing"),
    /** A field has the wrong JSON type (a string where a number belongs, a fraction, null). */
    WRONG_TYPE("wrong-type"),
    /** A number or string is outside its allowed range or pattern. */
    OUT_OF_RANGE("out-of-range"),
    /** {@code offset + length} does not fit a signed 64-bit long. */
    OVERFLOW("overflow"),
    /** A field that takes one of a fixed set of values has another. */
    UNKNOWN_VALUE("unknown-value"),
    /** The {@code type} is not an event type of the protocol. */
    UNKNOWN_TYPE("unknown-type"),
    /** The {@code v} is newer than this build understands, or has no upcaster. */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** A valid event of a kind that this reader does not accept here (a decision given as input). */
    NOT_ACCEPTED_HERE("not-accepted-here");

    private final String wire;

    Violation(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
