package io.daxseal.events;

/** {@code op.granted}: no live seal overlaps the operation's range; the requester may change the extent map. */
public record OpGranted(long at, String op, Inode inode) implements Decision, InodeScoped {

    public OpGranted {
        Checks.opEvent(at, op, inode);
    }

    @Override
    public EventType type() {
        return EventType.OP_GRANTED;
    }
}
