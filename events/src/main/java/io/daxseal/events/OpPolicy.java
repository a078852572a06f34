package io.daxseal.events;

/** What an extent operation does about live seals over its range when it starts. */
public enum OpPolicy implements WireEnum {
    FAIL_FAST("fail-fast"),
    RECALL("recall"),
    RECALL_THEN_BREAK("recall-then-break");

    private final String wire;

    OpPolicy(String wire) {
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
