package io.daxseal.events;

/** An event about one inode; it belongs to the inode log, keyed by {@link Inode#key()}. */
public interface InodeScoped {

    Inode inode();
}
