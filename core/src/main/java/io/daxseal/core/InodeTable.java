package io.daxseal.core;

import io.daxseal.events.Inode;
import java.util.ArrayList;
import java.util.List;

/**
 * Inode to {@link InodeState}, open addressing with linear probing. A cluster has millions of
 * inodes and nearly every input looks one up at random, so each lookup is a handful of cache
 * misses; a {@code HashMap} costs four dependent ones (table, node, key, value), this table two
 * (slot, state), because each state carries its key's fields and hash inline. Idle inodes are
 * removed (rule 13) by shifting the probe chain back, so there are no tombstones, and the table
 * shrinks again when most of it is empty: its size follows the live inodes, not the peak.
 */
final class InodeTable {

    private static final int MIN_SLOTS = 1 << 10;

    private InodeState[] slots = new InodeState[MIN_SLOTS];
    private int size;

    int size() {
        return size;
    }

    InodeState get(Inode inode) {
        int hash = hash(inode);
        InodeState[] table = slots;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            InodeState s = table[i];
            if (s == null) {
                return null;
            }
            if (s.hash == hash && s.is(inode)) {
                return s;
            }
        }
    }

    InodeState getOrCreate(Inode inode) {
        InodeState existing = get(inode);
        if (existing != null) {
            return existing;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        InodeState created = new InodeState(inode, hash(inode));
        insert(slots, created);
        size++;
        return created;
    }

    /** Every inode's state, in no particular order. */
    List<InodeState> values() {
        List<InodeState> all = new ArrayList<>(size);
        for (InodeState s : slots) {
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /** Removes {@code state} (which must be in the table), closing the gap in its probe chain. */
    void remove(InodeState state) {
        InodeState[] table = slots;
        int mask = table.length - 1;
        int i = state.hash & mask;
        while (table[i] != state) {
            if (table[i] == null) {
                throw new IllegalStateException("inode " + state.inode.key() + " is not in the table");
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later members of the chain into the gap when their home slot
        // allows it, so that every lookup still finds its entry before the first empty slot.
        int gap = i;
        for (int j = (gap + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = table[j].hash & mask;
            boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable) {
                table[gap] = table[j];
                gap = j;
            }
        }
        table[gap] = null;
        size--;
        if (table.length > MIN_SLOTS && size * 8 < table.length) {
            resize(table.length / 2);
        }
    }

    private void grow() {
        resize(slots.length * 2);
    }

    private void resize(int length) {
        InodeState[] resized = new InodeState[length];
        for (InodeState s : slots) {
            if (s != null) {
                insert(resized, s);
            }
        }
        slots = resized;
    }

    private static void insert(InodeState[] table, InodeState state) {
        int mask = table.length - 1;
        int i = state.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = state;
    }

    /** A well-mixed hash: inode numbers are often sequential, and probing needs spread-out slots. */
    static int hash(Inode inode) {
        long h = inode.ino() * 0x9E3779B97F4A7C15L + inode.gen() * 0xC2B2AE3D27D4EB4FL + inode.fs().hashCode();
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 31));
    }
}
