package io.daxseal.events;

/** {@code agent.heartbeat}: an agent incarnation renews its lease. */
public record AgentHeartbeat(long at, String agent, long incarnation, long seq) implements Input, IncarnationScoped {

    public AgentHeartbeat {
        Checks.incarnationEvent(at, agent, incarnation);
        Checks.atLeast("seq", seq, 0);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_HEARTBEAT;
    }
}
