package io.daxseal.events;

/** Why the coordinator rejected an extent operation (rules 3 and 4). */
public enum RejectReason implements WireEnum {
    SEALED("sealed"),
    RECALL_TIMEOUT("recall-timeout"),
    DUPLICATE("duplicate");

    private final String wire;

    RejectReason(String wire) {
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
