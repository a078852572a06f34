package io.daxseal.events;

/** Why an agent released a seal. */
public enum ReleaseReason implements WireEnum {
    UNMAP("unmap"),
    UNPIN("unpin"),
    RECALL("recall"),
    /** Giving back a grant the agent did not ask for or no longer waits for (protocol v2). */
    ORPHAN("orphan");

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
