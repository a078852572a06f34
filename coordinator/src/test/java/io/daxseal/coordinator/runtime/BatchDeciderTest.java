package io.daxseal.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.core.SealMachine;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Event;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.daxseal.coordinator.loop.LogPartition;
import io.daxseal.coordinator.loop.Polled;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Deciding one batch, as the loop does, on records made here: no broker. */
class BatchDeciderTest {

    private static final Topics TOPICS = Topics.withPrefix("t.");
    private static final EventCodec CODEC = EventCodec.standard();
    private static final Inode INODE = new Inode("pmem0", 7, 1);
    private static final LogPartition INODE_LOG = LogPartition.inode(1);
    private static final LogPartition AGENT_LOG = LogPartition.agent(0);

    private final RuntimeMetrics metrics = new RuntimeMetrics(new SimpleMeterRegistry());
    private final BatchDecider decider = new BatchDecider(TOPICS, CODEC, metrics);

    private static Polled<LogRecord> record(LogPartition where, long offset, Event e) {
        return record(where, offset, CODEC.encodeBytes(e));
    }

    /** Classified by the same code as the live reader's, from a record as Kafka hands it. */
    private static Polled<LogRecord> record(LogPartition where, long offset, byte[] value) {
        String topic = where.log() == LogPartition.Log.AGENT ? TOPICS.agentLog() : TOPICS.inodeLog();
        return new Polled<>(where, offset, 0,
                LogRecord.classify(new ConsumerRecord<>(topic, where.partition(), offset, "k", value), CODEC));
    }

    @Test
    void theAgentLogIsDecidedFirstSoARegistrationPrecedesARequestOfTheSamePoll() {
        SealMachine machine = new SealMachine();
        // The poll handed the inode log first; deciding it first would deny the request (unknown agent).
        Map<LogPartition, List<Polled<LogRecord>>> batch = new LinkedHashMap<>();
        batch.put(INODE_LOG, List.of(record(INODE_LOG, 40, new SealRequested(1000, "s1", "a", 5, new ProcessRef(9, 1),
                INODE, new Range(0, 4096), SealKind.PIN))));
        batch.put(AGENT_LOG, List.of(record(AGENT_LOG, 7, new AgentRegistered(999, "a", 5, 3000))));

        BatchDecider.Decided d = decider.decide(machine, batch, 1000, 10);

        assertThat(d.anyInput()).isTrue();
        assertThat(d.out()).singleElement().satisfies(t -> {
            assertThat(t.decision()).isInstanceOf(SealGranted.class);
            assertThat(t.step()).as("the second input of the batch").isEqualTo(12);
        });
        assertThat(d.lastStep()).isEqualTo(12);
        assertThat(d.runs()).containsExactly(new JournalEntry.Run("agent", 0, 7, 7), new JournalEntry.Run("inode", 1, 40, 40));
    }

    @Test
    void aBadRecordIsCountedAndSkippedAndTheRestIsDecided() {
        SealMachine machine = new SealMachine();
        List<Polled<LogRecord>> records = new ArrayList<>();
        records.add(record(AGENT_LOG, 0, "{not json".getBytes(StandardCharsets.UTF_8)));
        records.add(record(AGENT_LOG, 1, new AgentRegistered(999, "a", 5, 3000)));

        BatchDecider.Decided d = decider.decide(machine, Map.of(AGENT_LOG, records), 1000, 0);

        assertThat(metrics.badEvents.count()).isEqualTo(1);
        assertThat(metrics.inputsRead.count()).isEqualTo(1);
        assertThat(d.lastStep()).as("only the good record is a step").isEqualTo(1);
        assertThat(d.runs()).containsExactly(new JournalEntry.Run("agent", 0, 0, 1));
        assertThat(machine.snapshot().incarnations()).hasSize(1);
    }

    @Test
    void dueTimersFireFirstInTheBatchsFirstStep() {
        SealMachine machine = new SealMachine();
        machine.decide(new AgentRegistered(0, "a", 5, 1000), 0); // its lease ends at 1000
        BatchDecider.Decided d = decider.decide(machine, Map.of(), 5000, 30);
        assertThat(d.out()).isNotEmpty().allSatisfy(t -> assertThat(t.step()).isEqualTo(30));
        assertThat(d.anyInput()).isFalse();
        assertThat(d.runs()).isEmpty();
    }
}
