package io.daxseal.agent.core;

/**
 * Where an agent is in its life. Transitions are checked ({@link #canMoveTo}):
 * {@code REGISTERING → LIVE}, {@code LIVE → REVOKED} (lease in doubt, or the coordinator ended the
 * incarnation), {@code REVOKED → LIVE} (a new incarnation registered), and any state but
 * {@code CLOSED} to {@code CLOSED}.
 */
public enum AgentStatus {
    /** Registering its first incarnation; requests are refused. */
    REGISTERING,
    /** Registered and heartbeating; requests are taken. */
    LIVE,
    /** Seals revoked (lease in doubt or incarnation ended); registering a new incarnation. */
    REVOKED,
    /** Closed or halted. */
    CLOSED;

    /** Whether an agent in this state may move to {@code next}. */
    public boolean canMoveTo(AgentStatus next) {
        return switch (this) {
            case REGISTERING -> next == LIVE || next == CLOSED;
            case LIVE -> next == REVOKED || next == CLOSED;
            case REVOKED -> next == LIVE || next == CLOSED;
            case CLOSED -> false;
        };
    }
}
