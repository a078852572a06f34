package io.daxseal.events;

/** {@code op.finished}: a requester ends a granted operation, or withdraws a waiting one. */
public record OpFinished(long at, String op, Inode inode, OpOutcome outcome) implements Input, InodeScoped {

    public OpFinished {
        Checks.opEvent(at, op, inode);
        Checks.present("outcome", outcome);
    }

    @Override
    public EventType type() {
        return EventType.OP_FINISHED;
    }
}
