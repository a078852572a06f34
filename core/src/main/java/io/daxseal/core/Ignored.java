package io.daxseal.core;

/**
 * Why a valid input changed nothing (PROTOCOL.md rules 5, 8 and 10). Ignored inputs stay in the
 * log, are counted, and cause no decision.
 */
public enum Ignored {
    /** {@code agent.registered} with an incarnation not above every registered one of that agent. */
    STALE_INCARNATION("stale-incarnation"),
    /** A heartbeat, release, process exit or leave from an incarnation that is not live. */
    INCARNATION_NOT_LIVE("incarnation-not-live"),
    /** {@code seal.released} for a seal that is not live on that inode. */
    SEAL_NOT_LIVE("seal-not-live"),
    /** {@code op.finished} for an operation that is unknown or already over. */
    OP_NOT_ACTIVE("op-not-active");

    private final String wire;

    Ignored(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
