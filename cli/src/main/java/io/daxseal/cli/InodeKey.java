package io.daxseal.cli;

/** How the command line reads an inode key, said once for every {@code --inode} option's help. */
final class InodeKey {

    /** The help sentence: the filesystem id may itself contain colons. */
    static final String HELP = "FS:INO:GEN: the last two fields are the inode number and generation; FS is everything "
            + "before them (it may contain colons: pmem0:1:7:1 is inode 7, generation 1 of filesystem pmem0:1).";

    private InodeKey() {
    }
}
