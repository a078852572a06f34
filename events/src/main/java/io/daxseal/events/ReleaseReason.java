package io.daxseal.events;

/** Why an agent released a seal. */
public enum ReleaseReason implements WireEnum {
    UNMAP("unmap"),
    UNPIN("unpin"),
    RECALL("recall");

    private final String wire;

    ReleaseReason(String wire) {
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
