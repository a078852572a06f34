package io.daxseal.coordinator.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows a walk of a Kafka log in the coordinator's order (see {@link LogStep}). The loader
 * replays with one; {@link LogAudit} re-decides with one; the invariant checker checks with one.
 */
public interface LogObserver {

    /** A coordinator instance loaded the log and gave every live lease a full ttl from {@code now}. */
    void rearm(long now, String instance, String journalPlace);

    /** The next step. */
    void step(LogStep step);

    /** Every record of {@code inode-log} and {@code agent-log}, raw, in partition order, before the steps. */
    default void record(ConsumerRecord<String, byte[]> record) {
    }
}
