package io.daxseal.events;

/** {@code seal.released}: an agent gives a seal up (unmap, unpin, or in answer to a recall). */
public record SealReleased(long at, String seal, String agent, long incarnation, Inode inode, ReleaseReason reason) implements Input, IncarnationScoped, InodeScoped {

    public SealReleased {
        Checks.atLeast("at", at, 0);
        Checks.text("seal", seal);
        Checks.agent(agent);
        Checks.atLeast("incarnation", incarnation, 1);
        Checks.present("inode", inode);
        Checks.present("reason", reason);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_RELEASED;
    }
}
