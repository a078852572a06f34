package io.daxseal.core;

import io.daxseal.events.Inode;

/** A seal id within one incarnation: seal ids are unique per incarnation and inode. */
record SealKey(Inode inode, String seal) {

    /**
     * A well-mixed hash. The record's default combines the parts linearly, and agents name seals
     * with counters ({@code s1, s2, …}) on inodes with sequential numbers, so that many keys
     * collided: lookups spent a third of their time in {@code equals}.
     */
    @Override
    public int hashCode() {
        return hash(inode, seal);
    }

    static int hash(Inode inode, String seal) {
        long h = inode.ino() * 0x9E3779B97F4A7C15L + inode.gen() * 0xC2B2AE3D27D4EB4FL + inode.fs().hashCode();
        h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + seal.hashCode();
        h = (h ^ (h >>> 32)) * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealKey other && seal.equals(other.seal) && inode.equals(other.inode);
    }
}
