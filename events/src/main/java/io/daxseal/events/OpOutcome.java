package io.daxseal.events;

/** How a requester says an extent operation ended. */
public enum OpOutcome implements WireEnum {
    DONE("done"),
    ABORTED("aborted");

    private final String wire;

    OpOutcome(String wire) {
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
