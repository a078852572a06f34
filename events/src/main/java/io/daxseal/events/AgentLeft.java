package io.daxseal.events;

/** {@code agent.left}: graceful shutdown; all the incarnation's seals are released. */
public record AgentLeft(long at, String agent, long incarnation) implements Input, IncarnationScoped {

    public AgentLeft {
        Checks.atLeast("at", at, 0);
        Checks.agent(agent);
        Checks.atLeast("incarnation", incarnation, 1);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_LEFT;
    }
}
