package io.daxseal.events;

/** Why the coordinator broke a live seal (rules 4 and 6). */
public enum BreakCause implements WireEnum {
    RECALL_TIMEOUT("recall-timeout"),
    LEASE_EXPIRED("lease-expired"),
    AGENT_FENCED("agent-fenced");

    private final String wire;

    BreakCause(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
