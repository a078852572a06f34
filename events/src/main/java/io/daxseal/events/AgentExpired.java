package io.daxseal.events;

/** {@code agent.expired}: the incarnation's lease ran out; its seals were broken. */
public record AgentExpired(long at, String agent, long incarnation, long lastHeartbeatAt) implements Decision, IncarnationScoped {

    public AgentExpired {
        Checks.incarnationEvent(at, agent, incarnation);
        Checks.atLeast("lastHeartbeatAt", lastHeartbeatAt, 0);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_EXPIRED;
    }
}
