package io.daxseal.core;

import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One inode: its live seals (interval-indexed) and its unfinished operations. It exists only while
 * it has either (rule 13): its tokens come from its partition's counter, and ended operation ids
 * are not kept.
 */
final class InodeState {

    final Inode inode;
    /** The key's parts and hash, inline, so that a lookup in {@link InodeTable} need not visit {@link #inode}. */
    final long ino;
    final long gen;
    final String fs;
    final int hash;
    final IntervalIndex<Seal> seals = new IntervalIndex<>();
    /**
     * Unfinished operations in request order. Most inodes never see an operation, so the map is
     * made on first use; {@link #NO_OPS} stands in until then.
     */
    private Map<String, Operation> activeOps = NO_OPS;
    long nextOpSeq;

    private static final Map<String, Operation> NO_OPS = Map.of();

    InodeState(Inode inode, int hash) {
        this.inode = inode;
        this.ino = inode.ino();
        this.gen = inode.gen();
        this.fs = inode.fs();
        this.hash = hash;
    }

    /** Whether this is the state of {@code other}. */
    boolean is(Inode other) {
        return ino == other.ino() && gen == other.gen() && (fs == other.fs() || fs.equals(other.fs()));
    }

    /** Whether nothing is live here: no seal, no unfinished operation (rule 13 forgets it then). */
    boolean idle() {
        return seals.isEmpty() && activeOps.isEmpty();
    }

    /** Unfinished operations in request order (read-only view). */
    Map<String, Operation> activeOps() {
        return activeOps;
    }

    boolean hasActiveOps() {
        return !activeOps.isEmpty();
    }

    Operation activeOp(String op) {
        return activeOps.get(op);
    }

    void addOp(Operation op) {
        if (activeOps == NO_OPS) {
            activeOps = new LinkedHashMap<>(4);
        }
        activeOps.put(op.id(), op);
    }

    void retireOp(Operation op) {
        activeOps.remove(op.id());
    }

    /** Every live seal, in token order (for views and the digest; not a hot path). */
    List<Seal> sealsByToken() {
        List<Seal> all = new ArrayList<>(seals.size());
        seals.forEach(all::add);
        all.sort((a, b) -> Long.compare(a.token, b.token));
        return all;
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
        if (activeOps.isEmpty()) {
            return false;
        }
        for (Operation op : activeOps.values()) {
            if (op.state != OpState.QUEUED && op.request.range().overlaps(range)) {
                return true;
            }
        }
        return false;
    }

    /** The unfinished operations requested before {@code op} that overlap it: what a queued one waits for (rule 3). */
    List<String> earlierOverlapping(Operation op) {
        List<String> ids = new ArrayList<>();
        for (Operation other : activeOps.values()) {
            if (other == op) {
                break;
            }
            if (other.request.range().overlaps(op.request.range())) {
                ids.add(other.id());
            }
        }
        return ids;
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
