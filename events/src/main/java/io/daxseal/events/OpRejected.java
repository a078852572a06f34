package io.daxseal.events;

/** {@code op.rejected}: the operation may not run, with the reason. */
public record OpRejected(long at, String op, Inode inode, RejectReason reason) implements Decision, InodeScoped {

    public OpRejected {
        Checks.opEvent(at, op, inode);
        Checks.present("reason", reason);
    }

    @Override
    public EventType type() {
        return EventType.OP_REJECTED;
    }
}
