package io.daxseal.events;

/** Why the coordinator denied a seal request (PROTOCOL.md rule 2). */
public enum DenyReason implements WireEnum {
    RANGE_BUSY("range-busy"),
    AGENT_FENCED("agent-fenced"),
    UNKNOWN_AGENT("unknown-agent"),
    DUPLICATE("duplicate");

    private final String wire;

    DenyReason(String wire) {
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
