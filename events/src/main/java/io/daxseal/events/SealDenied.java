package io.daxseal.events;

/** {@code seal.denied}: the seal request was refused, with the reason. */
public record SealDenied(long at, String seal, String agent, long incarnation, Inode inode, DenyReason reason) implements Decision, IncarnationScoped, InodeScoped {

    public SealDenied {
        Checks.atLeast("at", at, 0);
        Checks.text("seal", seal);
        Checks.agent(agent);
        Checks.atLeast("incarnation", incarnation, 1);
        Checks.present("inode", inode);
        Checks.present("reason", reason);
    }

    @Override
    public EventType type() {
        return EventType.SEAL_DENIED;
    }
}
