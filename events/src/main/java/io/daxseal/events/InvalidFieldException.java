package io.daxseal.events;

/**
 * Thrown by the records' constructors when a value breaks the protocol: names the field (relative
 * to the record or value being built) and the kind of violation, so the codec can report the
 * field's full path.
 */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;
    private final Violation violation;
    private final String detail;

    public InvalidFieldException(String field, Violation violation, String detail) {
        super(field + ": " + detail);
        this.field = field;
        this.violation = violation;
        this.detail = detail;
    }

    /** The field, relative to the value that was being built ({@code length}, {@code seal}). */
    public String field() {
        return field;
    }

    public Violation violation() {
        return violation;
    }

    /** What is wrong, without the field name: {@code must be >= 1 (got 0)}. */
    public String detail() {
        return detail;
    }
}
