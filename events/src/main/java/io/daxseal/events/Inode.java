package io.daxseal.events;

import java.util.Objects;

/**
 * An inode of a DAX filesystem: filesystem UUID, inode number and generation. Its {@link #key()}
 * ({@code fs:ino:gen}) is the Kafka record key that puts all of one inode's events in one
 * partition.
 */
public record Inode(String fs, long ino, long gen) implements Comparable<Inode> {

    public Inode {
        Objects.requireNonNull(fs, "fs");
        Checks.text("fs", fs);
        Checks.atLeast("ino", ino, 0);
        Checks.atLeast("gen", gen, 0);
    }

    /** The inode key, {@code fs:ino:gen}. */
    public String key() {
        return fs + ':' + ino + ':' + gen;
    }

    /**
     * Parses an inode key {@code fs:ino:gen}. The filesystem part may itself contain colons; the
     * last two colon-separated fields are the inode number and generation.
     *
     * @throws IllegalArgumentException naming what is wrong with the key
     */
    public static Inode parseKey(String key) {
        Objects.requireNonNull(key, "key");
        int genColon = key.lastIndexOf(':');
        int inoColon = genColon <= 0 ? -1 : key.lastIndexOf(':', genColon - 1);
        if (inoColon <= 0) {
            throw new IllegalArgumentException(
                    "inode key '" + key + "' is not of the form FS:INO:GEN (for example 5c1e...:1234:1)");
        }
        String fs = key.substring(0, inoColon);
        long ino = parseNonNegative(key, "inode number", key.substring(inoColon + 1, genColon));
        long gen = parseNonNegative(key, "generation", key.substring(genColon + 1));
        return new Inode(fs, ino, gen);
    }

    private static long parseNonNegative(String key, String what, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the whole key for context
        }
        throw new IllegalArgumentException(
                "inode key '" + key + "': the " + what + " '" + text + "' is not a whole number >= 0");
    }

    /** Orders inodes by filesystem, then number, then generation: the canonical inode order. */
    @Override
    public int compareTo(Inode other) {
        int c = fs.compareTo(other.fs);
        if (c != 0) {
            return c;
        }
        c = Long.compare(ino, other.ino);
        return c != 0 ? c : Long.compare(gen, other.gen);
    }

    @Override
    public String toString() {
        return key();
    }
}
