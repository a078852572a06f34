package io.daxseal.events;

/** {@code seal.recalled}: the holder is asked to release the seal before the deadline, for an operation. */
public record SealRecalled(long at, String seal, String agent, long incarnation, Inode inode, String op, long deadline) implements Decision, IncarnationScoped, InodeScoped {

    public SealRecalled {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.text("op", op);
        Checks.atLeast("deadline", deadline, 0);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_RECALLED;
    }
}
