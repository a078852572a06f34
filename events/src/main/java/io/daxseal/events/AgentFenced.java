package io.daxseal.events;

/** {@code agent.fenced}: the incarnation may never hold a seal again. */
public record AgentFenced(long at, String agent, long incarnation, FenceCause cause) implements Decision, IncarnationScoped {

    public AgentFenced {
        Checks.incarnationEvent(at, agent, incarnation);
        Checks.present("cause", cause);
    }

    @Override
    public EventType type() {
        return EventType.AGENT_FENCED;
    }
}
