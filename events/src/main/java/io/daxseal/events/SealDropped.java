package io.daxseal.events;

/** {@code seal.dropped}: the coordinator ended a live seal because its holder went away. */
public record SealDropped(long at, String seal, String agent, long incarnation, Inode inode, DropCause cause) implements Decision, IncarnationScoped, InodeScoped {

    public SealDropped {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.present("cause", cause);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_DROPPED;
    }
}
