package io.daxseal.coordinator.runtime;

import io.daxseal.core.Partitioning;
import io.daxseal.events.Inode;
import io.daxseal.kafka.Partitions;

/**
 * The partitioning of the {@code inode-log} topic as the state machine needs it for its token
 * counters (PROTOCOL.md, "Token"): an inode's partition is the one Kafka's default partitioner
 * puts its key in, so the counter of a partition follows exactly the records of that partition.
 */
public record InodeLogPartitioning(int partitions) implements Partitioning {

    public InodeLogPartitioning {
        if (partitions < 1) {
            throw new IllegalArgumentException("the inode log has at least one partition, not " + partitions);
        }
    }

    @Override
    public int partitionOf(Inode inode) {
        return Partitions.forKey(inode.key(), partitions);
    }
}
