package io.daxseal.coordinator.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a due timer from firing before the input that was in the log by its due time (rule 7).
 *
 * <p>A heartbeat or a release that the broker acknowledged in time is in time, however late the
 * coordinator reads it (it was behind, or the broker was restarting). So when a timer is due, the
 * records appended at or before the due time (by their Kafka timestamp: the topics use the broker's
 * append time) are decided first, as read at the due time; the records appended later are
 * <em>held</em>; the timer fires only once every partition is settled as of the due time (it has a
 * record appended later, or nothing unread); then the held records are decided at the real read
 * time. Found by the chaos harness: a broker restart delayed the coordinator's reads, and it expired
 * an agent whose heartbeats the broker had acknowledged (S5). Holding, not seeking back: a partition
 * sought back every round was read again and again while another one starved (a timer waited 20 s).
 *
 * <p>Owned by the loop thread.
 */
final class DueTimerGate {

    private static final Logger LOG = LoggerFactory.getLogger(DueTimerGate.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String instanceId;
    /** Records read while a due timer waits, appended after its due time: decided after it fires, in order. */
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> held = new LinkedHashMap<>();
    /** The previous round found a timer due but the log not settled: poll briefly, not in a hot loop. */
    private boolean unsettled;
    private long unsettledSince = Long.MIN_VALUE;
    private long lastWaitWarning = Long.MIN_VALUE;

    DueTimerGate(KafkaConsumer<String, byte[]> consumer, String instanceId) {
        this.consumer = consumer;
        this.instanceId = instanceId;
    }

    /** Whether a due timer waits for the log to settle (the loop then polls again soon). */
    boolean unsettled() {
        return unsettled;
    }

    /**
     * Splits a batch read while a timer due at {@code due} waits: returns the records appended by the
     * due time (to be decided as read at it), and holds the rest. Behind a held record everything of
     * its partition waits too: a partition is decided in order.
     */
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> splitAt(
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch, long due) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> early = new LinkedHashMap<>();
        batch.forEach((tp, list) -> {
            int split = 0;
            if (!held.containsKey(tp)) {
                while (split < list.size() && list.get(split).timestamp() <= due) {
                    split++;
                }
            }
            if (split > 0) {
                early.put(tp, list.subList(0, split));
            }
            if (split < list.size()) {
                held.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(list.subList(split, list.size()));
            }
        });
        return early;
    }

    /**
     * Whether the timer due at {@code due} may fire now: every partition holds nothing unread that
     * was appended by then (this round held a later record of it, or its position is at the end of
     * the committed log). When the broker cannot say (it is away), the answer is no.
     */
    boolean settle(long due) {
        unsettled = !settledAsOf(due, held.keySet());
        return !unsettled;
    }

    /** No timer is due: nothing waits. */
    void noTimerDue() {
        unsettled = false;
    }

    /** The held records, which the loop decides now; none are held after this. */
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> release() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> late = new LinkedHashMap<>(held);
        held.clear();
        return late;
    }

    /**
     * The held records first, then the batch: the timer they waited for is gone (an input decided as
     * of its due time ended the recall), and a partition is decided in offset order.
     */
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> withHeld(
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch) {
        if (held.isEmpty()) {
            return batch;
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> all = new LinkedHashMap<>(held);
        held.clear();
        batch.forEach((tp, list) -> all.merge(tp, list, (a, b) -> {
            List<ConsumerRecord<String, byte[]>> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return all;
    }

    /** The consumer was sought back to the journal's positions (a load): the held records will be read again. */
    void reset() {
        held.clear();
        unsettled = false;
    }

    private boolean settledAsOf(long due, Set<TopicPartition> sawLater) {
        List<TopicPartition> unsure = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (!sawLater.contains(tp)) {
                unsure.add(tp);
            }
        }
        if (unsure.isEmpty()) {
            return true;
        }
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(unsure, Duration.ofSeconds(1));
            for (TopicPartition tp : unsure) {
                long position = consumer.position(tp, Duration.ofSeconds(1));
                if (position < end.get(tp)) {
                    waitingFor(due, tp + " at " + position + " of " + end.get(tp));
                    return false;
                }
            }
            unsettledSince = Long.MIN_VALUE;
            return true;
        } catch (KafkaException e) {
            waitingFor(due, "the broker (" + e.getClass().getSimpleName() + ")");
            return false;
        }
    }

    /** Says, at most every 5 s, that due timers wait for input, and for what: an operator wants to know. */
    private void waitingFor(long due, String what) {
        long now = System.nanoTime();
        if (unsettledSince == Long.MIN_VALUE) {
            unsettledSince = now;
        }
        long waitedMs = (now - unsettledSince) / 1_000_000;
        if (waitedMs >= 1000 && (lastWaitWarning == Long.MIN_VALUE || now - lastWaitWarning > 5_000_000_000L)) {
            lastWaitWarning = now;
            LOG.warn("coordinator {}: a timer due at {} has waited {} ms for input that may have been appended in time; "
                    + "waiting for {}", instanceId, due, waitedMs, what);
        }
    }
}
