package io.daxseal.core;

import io.daxseal.events.Inode;

/**
 * How the inode log is split into partitions: fencing tokens are drawn from one counter per
 * partition (PROTOCOL.md, "Token"), so that an inode the coordinator forgot (rule 13) never gets a
 * token it had before. A log without partitions, such as a {@code .jsonl} file, is {@link #SINGLE}.
 * The Kafka runtime supplies the partitioning of its {@code inode-log} topic; the pure core knows
 * nothing of Kafka.
 */
public interface Partitioning {

    /** One partition: one token counter for the whole log. */
    Partitioning SINGLE = new Partitioning() {
        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public int partitionOf(Inode inode) {
            return 0;
        }

        @Override
        public String toString() {
            return "one partition";
        }
    };

    /** The number of partitions (at least 1). */
    int partitions();

    /** The partition of {@code inode}, in {@code [0, partitions())}. */
    int partitionOf(Inode inode);
}
