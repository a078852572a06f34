package io.daxseal.agent.core;

import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import java.util.Objects;

/**
 * What a holder wants sealed: a range of an inode, for a process, as a mapping or a pin.
 * Build one with {@link #map} or {@link #pin}.
 */
public record SealRequest(Inode inode, Range range, SealKind kind, ProcessRef process) {

    public SealRequest {
        Objects.requireNonNull(inode, "inode");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(process, "process");
    }

    public static SealRequest map(Inode inode, Range range, ProcessRef process) {
        return new SealRequest(inode, range, SealKind.MAP, process);
    }

    public static SealRequest pin(Inode inode, Range range, ProcessRef process) {
        return new SealRequest(inode, range, SealKind.PIN, process);
    }
}
