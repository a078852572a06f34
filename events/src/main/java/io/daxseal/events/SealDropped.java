package io.daxseal.events;

/** {@code seal.dropped}: the coordinator ended a live seal because its holder went away. */
public record SealDropped(long at, String seal, String agent, long incarnation, Inode inode, DropCause cause) implements Decision, IncarnationScoped, InodeScoped {

    public SealDropped {
        Checks.atLeast("at", at, 0);
        Checks.text("seal", seal);
        Checks.agent(agent);
        Checks.atLeast("incarnation", incarnation, 1);
        Checks.present("inode", inode);
        Checks.present("cause", cause);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_DROPPED;
    }
}
