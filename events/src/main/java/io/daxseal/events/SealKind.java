package io.daxseal.events;

/** What a seal protects: a MAP_DIRECT-style mapping or an RDMA registration over pinned pages. */
public enum SealKind implements WireEnum {
    MAP("map"),
    PIN("pin");

    private final String wire;

    SealKind(String wire) {
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
