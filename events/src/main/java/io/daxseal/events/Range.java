package io.daxseal.events;

/**
 * A half-open byte range {@code [offset, offset + length)} of an inode. Adjacent ranges do not
 * overlap. {@code offset + length} never overflows a signed 64-bit long.
 */
public record Range(long offset, long length) {

    /** The end of every file: a range "to the end of the file" ends here. */
    public static final long END_OF_FILE = Long.MAX_VALUE;

    public Range {
        Checks.atLeast("offset", offset, 0);
        Checks.atLeast("length", length, 1);
        if (offset > Long.MAX_VALUE - length) {
            throw new InvalidFieldException("length", Violation.OVERFLOW,
                    "offset + length overflows a signed 64-bit long (offset " + offset + ", length " + length + ")");
        }
    }

    /** {@code [offset, 2^63-1)}: the range of an extent operation that omits its length. */
    public static Range toEndOfFile(long offset) {
        if (offset < 0 || offset >= END_OF_FILE) {
            throw new InvalidFieldException("offset", Violation.OUT_OF_RANGE,
                    "must be >= 0 and < 2^63-1 for a range to the end of the file (got " + offset + ")");
        }
        return new Range(offset, END_OF_FILE - offset);
    }

    /** The first offset after the range. */
    public long end() {
        return offset + length;
    }

    /** Whether the two ranges share at least one byte. */
    public boolean overlaps(Range other) {
        return offset < other.end() && other.offset < end();
    }

    @Override
    public String toString() {
        return "[" + offset + "," + (end() == END_OF_FILE ? "EOF" : Long.toString(end())) + ")";
    }
}
