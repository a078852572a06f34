package io.daxseal.events;

/** {@code agent.registered}: an agent incarnation starts, with its lease time. */
public record AgentRegistered(long at, String agent, long incarnation, long ttlMs) implements Input, IncarnationScoped {

    /** Shortest lease an agent may ask for, in milliseconds. */
    public static final long MIN_TTL_MS = 500;
    /** Longest lease an agent may ask for, in milliseconds. */
    public static final long MAX_TTL_MS = 600_000;

    public AgentRegistered {
        Checks.incarnationEvent(at, agent, incarnation);
        Checks.between("ttlMs", ttlMs, MIN_TTL_MS, MAX_TTL_MS);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_REGISTERED;
    }
}
