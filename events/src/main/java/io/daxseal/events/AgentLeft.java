package io.daxseal.events;

/** {@code agent.left}: graceful shutdown; all the incarnation's seals are released. */
public record AgentLeft(long at, String agent, long incarnation) implements Input, IncarnationScoped {

    public AgentLeft {
        Checks.incarnationEvent(at, agent, incarnation);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_LEFT;
    }
}
