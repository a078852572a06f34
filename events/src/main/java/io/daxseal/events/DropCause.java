package io.daxseal.events;

/** Why the coordinator dropped a live seal on the holder's behalf (rules 8 and 9). */
public enum DropCause implements WireEnum {
    PROCESS_EXIT("process-exit"),
    AGENT_LEFT("agent-left"),
    INCARNATION_REPLACED("incarnation-replaced");

    private final String wire;

    DropCause(String wire) {
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
