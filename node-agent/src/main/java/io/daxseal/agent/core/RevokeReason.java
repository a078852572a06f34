package io.daxseal.agent.core;

/** Why a held seal was taken away. */
public enum RevokeReason {
    /** S5: heartbeats were not acknowledged for {@code ttl − margin}; the agent revoked it itself. */
    LEASE_IN_DOUBT,
    /** The coordinator broke it ({@code seal.broken}): recall timeout, lease expiry or fencing. */
    BROKEN,
    /** The coordinator fenced or expired this incarnation; every seal of it is dead. */
    INCARNATION_ENDED,
    /** The holder process exited; the agent published {@code process.exited}. */
    PROCESS_EXITED,
    /** The agent is shutting down gracefully ({@code agent.left}). */
    SHUTDOWN
}
