package io.daxseal.core;

/** Where an unfinished extent operation is. Rejected and finished operations are over and gone. */
public enum OpState implements io.daxseal.events.WireEnum {
    /** Waiting behind an earlier unfinished operation over an overlapping range. */
    QUEUED,
    /** Started; waiting for its recalled seals to end, up to the deadline. */
    RECALLING,
    /** Granted: the requester may change the extent map; ends with {@code op.finished}. */
    GRANTED;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
