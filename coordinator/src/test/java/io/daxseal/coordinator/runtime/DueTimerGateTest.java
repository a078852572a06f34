package io.daxseal.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The rule-7 split around a due timer, on records made here. Whether the log is settled asks the
 * broker, so that part is covered by the live tests ({@code LateReadLiveTest}); this covers the
 * split, the holding and the order in which held records come back.
 */
class DueTimerGateTest {

    private static final TopicPartition P0 = new TopicPartition("t.inode-log", 0);
    private static final TopicPartition P1 = new TopicPartition("t.inode-log", 1);

    /** No consumer: only the pure parts of the gate are used here. */
    private final DueTimerGate gate = new DueTimerGate(null, "test");

    private static ConsumerRecord<String, byte[]> at(TopicPartition tp, long offset, long appendedAt) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, appendedAt, TimestampType.LOG_APPEND_TIME, 0, 0,
                "k", new byte[0], new RecordHeaders(), Optional.empty());
    }

    private static List<Long> offsets(List<ConsumerRecord<String, byte[]>> list) {
        return list.stream().map(ConsumerRecord::offset).toList();
    }

    @Test
    void recordsAppendedByTheDueTimeGoFirstAndTheRestIsHeldInOrder() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new LinkedHashMap<>();
        batch.put(P0, List.of(at(P0, 0, 900), at(P0, 1, 1000), at(P0, 2, 1001), at(P0, 3, 950)));
        batch.put(P1, List.of(at(P1, 0, 2000)));

        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> early = gate.splitAt(batch, 1000);

        assertThat(early.keySet()).containsExactly(P0);
        assertThat(offsets(early.get(P0))).as("in time, up to the first late one").containsExactly(0L, 1L);
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> held = gate.release();
        assertThat(offsets(held.get(P0))).as("behind a late record everything waits, in order").containsExactly(2L, 3L);
        assertThat(offsets(held.get(P1))).containsExactly(0L);
        assertThat(gate.release()).as("released once").isEmpty();
    }

    @Test
    void behindAHeldRecordALaterBatchOfItsPartitionWaitsToo() {
        gate.splitAt(Map.of(P0, List.of(at(P0, 5, 1500))), 1000);
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> early = gate.splitAt(Map.of(P0, List.of(at(P0, 6, 100))), 1000);
        assertThat(early).as("offset 6 must not overtake the held offset 5").isEmpty();
        assertThat(offsets(gate.release().get(P0))).containsExactly(5L, 6L);
    }

    @Test
    void heldRecordsComeBeforeTheNextBatchOfTheirPartition() {
        gate.splitAt(Map.of(P0, List.of(at(P0, 5, 1500))), 1000);
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> next = new LinkedHashMap<>();
        next.put(P1, List.of(at(P1, 9, 1600)));
        next.put(P0, List.of(at(P0, 6, 1600)));
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> all = gate.withHeld(next);
        assertThat(offsets(all.get(P0))).containsExactly(5L, 6L);
        assertThat(offsets(all.get(P1))).containsExactly(9L);
        assertThat(gate.release()).isEmpty();
    }

    @Test
    void aLoadDropsWhatWasHeld() {
        gate.splitAt(Map.of(P0, List.of(at(P0, 5, 1500))), 1000);
        gate.reset();
        assertThat(gate.release()).isEmpty();
        assertThat(gate.unsettled()).isFalse();
    }
}
