package io.daxseal.events.json;

import io.daxseal.events.Violation;

/**
 * A bad event: not JSON, not an object, or an object that breaks protocol v2. The message says
 * what is wrong and where ({@code range.length is out of range: must be >= 1 (got 0)}); the
 * field path and the {@link Violation} are there for counting and tests.
 */
public final class BadEventException extends Exception {

    private final String field;
    private final Violation violation;

    public BadEventException(String field, Violation violation, String message) {
        super(message);
        this.field = field;
        this.violation = violation;
    }

    /** The offending field's path ({@code range.length}), or {@code null} for the whole event. */
    public String field() {
        return field;
    }

    public Violation violation() {
        return violation;
    }
}
