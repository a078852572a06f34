package io.daxseal.events;

/** {@code seal.granted}: the seal is live, with the inode's next fencing token. */
public record SealGranted(long at, String seal, String agent, long incarnation, Inode inode, long token) implements Decision, IncarnationScoped, InodeScoped {

    public SealGranted {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.atLeast("token", token, 1);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_GRANTED;
    }
}
