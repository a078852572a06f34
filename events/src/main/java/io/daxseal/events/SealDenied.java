package io.daxseal.events;

/** {@code seal.denied}: the seal request was refused, with the reason. */
public record SealDenied(long at, String seal, String agent, long incarnation, Inode inode, DenyReason reason) implements Decision, IncarnationScoped, InodeScoped {

    public SealDenied {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.present("reason", reason);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_DENIED;
    }
}
