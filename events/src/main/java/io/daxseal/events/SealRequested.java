package io.daxseal.events;

/** {@code seal.requested}: an agent asks to seal a range of an inode for one of its processes. */
public record SealRequested(long at, String seal, String agent, long incarnation, ProcessRef process, Inode inode, Range range, SealKind kind) implements Input, IncarnationScoped, InodeScoped {

    public SealRequested {
        Checks.sealEvent(at, seal, agent, incarnation, inode);
        Checks.present("process", process);
        Checks.present("range", range);
        Checks.present("kind", kind);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_REQUESTED;
    }
}
