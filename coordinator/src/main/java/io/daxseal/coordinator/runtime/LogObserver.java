package io.daxseal.coordinator.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows a walk of a Kafka log in the coordinator's order (see {@link LogStep}). The loader
 * replays with one; {@link LogAudit} re-decides with one; the invariant checker checks with one.
 */
public interface LogObserver {

    /**
     * The walk starts from a snapshot, not the log's beginning (retention deleted it, or the
     * snapshot covers it): {@code state} is the snapshot's state, described by {@code from}, and
     * {@code firstOffsets} gives, per {@code topic-partition}, the first offset the walk reads.
     */
    default void start(io.daxseal.core.StateSnapshot state, String from, java.util.Map<String, Long> firstOffsets) {
    }

    /** A coordinator instance loaded the log and gave every live lease a full ttl from {@code now}. */
    void rearm(long now, String instance, String journalPlace);

    /** The next step. */
    void step(LogStep step);

    /** Every record of {@code inode-log} and {@code agent-log}, raw, in partition order, before the steps. */
    default void record(ConsumerRecord<String, byte[]> record) {
    }
}
