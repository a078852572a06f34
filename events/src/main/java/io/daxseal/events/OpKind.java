package io.daxseal.events;

/** The extent operations: changes to an inode's block map. */
public enum OpKind implements WireEnum {
    TRUNCATE("truncate"),
    PUNCH_HOLE("punch-hole"),
    COLLAPSE_RANGE("collapse-range"),
    INSERT_RANGE("insert-range"),
    ZERO_RANGE("zero-range"),
    REFLINK("reflink"),
    MOVE_EXTENTS("move-extents");

    private final String wire;

    OpKind(String wire) {
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
