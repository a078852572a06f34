package io.daxseal.core;

import io.daxseal.events.Inode;
import java.util.ArrayList;
import java.util.List;

/**
 * Inode to {@link InodeState}, open addressing with linear probing. A cluster has millions of
 * inodes and nearly every input looks one up at random, so each lookup is a handful of cache
 * misses; a {@code HashMap} costs four dependent ones (table, node, key, value), this table two
 * (slot, state), because each state carries its key's fields and hash inline. Inodes are never
 * removed (their token counters and used operation ids must persist), so there are no tombstones.
 */
final class InodeTable {

    private InodeState[] slots = new InodeState[1 << 10];
    private int size;

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

    private void grow() {
        InodeState[] bigger = new InodeState[slots.length * 2];
        for (InodeState s : slots) {
            if (s != null) {
                insert(bigger, s);
            }
        }
        slots = bigger;
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
