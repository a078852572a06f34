package io.daxseal.events;

/** {@code agent.expired}: the incarnation's lease ran out; its seals were broken. */
public record AgentExpired(long at, String agent, long incarnation, long lastHeartbeatAt) implements Decision, IncarnationScoped {

    public AgentExpired {
        Checks.atLeast("at", at, 0);
        Checks.agent(agent);
        Checks.atLeast("incarnation", incarnation, 1);
        Checks.atLeast("lastHeartbeatAt", lastHeartbeatAt, 0);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_EXPIRED;
    }
}
