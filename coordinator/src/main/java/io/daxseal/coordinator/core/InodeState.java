package io.daxseal.coordinator.core;

import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One inode: its live seals (interval-indexed), its token counter, and its operations. */
final class InodeState {

    final Inode inode;
    long lastToken;
    final IntervalIndex<Seal> seals = new IntervalIndex<>();
    /** Unfinished operations in request order. */
    final Map<String, Operation> activeOps = new LinkedHashMap<>();
    /** Ids of rejected and finished operations: an op id is used once per inode. */
    final Set<String> retiredOps = new HashSet<>();
    long nextOpSeq;

    InodeState(Inode inode) {
        this.inode = inode;
    }

    boolean opIdUsed(String op) {
        return activeOps.containsKey(op) || retiredOps.contains(op);
    }

    /** Live seals overlapping {@code range}, in token order. */
    List<Seal> liveSealsOverlapping(Range range) {
        List<Seal> result = new ArrayList<>();
        seals.forEachOverlapping(range.offset(), range.end(), result::add);
        if (result.size() > 1) {
            result.sort((a, b) -> Long.compare(a.token, b.token));
        }
        return result;
    }

    /** Whether a recalling or granted operation overlaps {@code range} (rule 2's range-busy). */
    boolean busy(Range range) {
        for (Operation op : activeOps.values()) {
            if (op.state != OpState.QUEUED && op.request.range().overlaps(range)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an unfinished operation requested before {@code op} overlaps it (rule 3). */
    boolean blockedByEarlier(Operation op) {
        for (Operation other : activeOps.values()) {
            if (other == op) {
                return false;
            }
            if (other.request.range().overlaps(op.request.range())) {
                return true;
            }
        }
        return false;
    }
}
