package io.daxseal.agent;

/**
 * The agent cannot take requests now: it is registering (again), its lease is in doubt, or it is
 * closed. Retry once {@link NodeAgent#awaitLive} returns.
 */
public final class AgentNotLiveException extends RuntimeException {
    public AgentNotLiveException(String message) {
        super(message);
    }
}
