package io.daxseal.events;

/** {@code op.requested}: a requester asks to change an inode's extent map over a range. */
public record OpRequested(long at, String op, Inode inode, Range range, OpKind kind, OpPolicy policy, long breakTimeoutMs, String requester) implements Input, InodeScoped {

    /** Longest break timeout a requester may ask for, in milliseconds. */
    public static final long MAX_BREAK_TIMEOUT_MS = 600_000;

    public OpRequested {
        Checks.opEvent(at, op, inode);
        Checks.present("range", range);
        Checks.present("kind", kind);
        Checks.present("policy", policy);
        Checks.between("breakTimeoutMs", breakTimeoutMs, 0, MAX_BREAK_TIMEOUT_MS);
        Checks.text("requester", requester);
    }

    @Override
    public EventType type() {
        return EventType.OP_REQUESTED;
    }
}
