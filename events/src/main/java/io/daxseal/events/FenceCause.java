package io.daxseal.events;

/** Why the coordinator fenced an agent incarnation (rules 4 and 8). */
public enum FenceCause implements WireEnum {
    RECALL_TIMEOUT("recall-timeout"),
    REPLACED("replaced");

    private final String wire;

    FenceCause(String wire) {
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
