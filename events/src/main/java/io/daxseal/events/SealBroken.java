package io.daxseal.events;

/** {@code seal.broken}: the coordinator ended a live seal against its holder's will. */
public record SealBroken(long at, String seal, String agent, long incarnation, Inode inode, BreakCause cause) implements Decision, IncarnationScoped, InodeScoped {

    public SealBroken {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.present("cause", cause);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_BROKEN;
    }
}
