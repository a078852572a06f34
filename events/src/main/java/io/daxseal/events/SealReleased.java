package io.daxseal.events;

/** {@code seal.released}: an agent gives a seal up (unmap, unpin, or in answer to a recall). */
public record SealReleased(long at, String seal, String agent, long incarnation, Inode inode, ReleaseReason reason) implements Input, IncarnationScoped, InodeScoped {

    public SealReleased {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.present("reason", reason);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_RELEASED;
    }
}
