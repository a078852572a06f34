package io.daxseal.coordinator.runtime;

import io.daxseal.coordinator.loop.LogPartition;
import io.daxseal.coordinator.loop.Polled;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How the live loop reads its inputs: one consumer on every partition of {@code inode-log} and
 * {@code agent-log}, positioned where the journal says, and an admin client that asks the logs'
 * ends without blocking the loop (rule 7 waits on the answer, {@link io.daxseal.coordinator.loop.LoopStep}).
 *
 * <p><b>Why {@code read_uncommitted}.</b> At {@code read_committed} a partition's readable end is
 * its last stable offset, which stands still while any transaction is open on it — and the
 * coordinator's own transactions, which write decisions to the same partitions, are open nearly
 * all the time once commits are pipelined: new requests would stay invisible until each commit
 * ended. The inputs are written without transactions (by the agents and requesters, with
 * idempotent {@code acks=all} producers), so every input at the high watermark is committed and
 * will never be aborted; the only records that might still be rolled back are decisions (this
 * coordinator's, or a fenced one's), and the loop never applies a decision it reads here (it
 * classifies them as its own or foreign and skips them). Loading, the audit and the agents still
 * read at {@code read_committed}: they apply decisions.
 *
 * <p>Owned by the loop thread, except {@link #wakeup}.
 */
final class LogReader implements AutoCloseable {

    private final Topics topics;
    private final EventCodec codec;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final Map<LogPartition, TopicPartition> kafkaPartitions = new HashMap<>();
    private Set<LogPartition> partitions = Set.of();

    LogReader(CoordinatorConfig config, EventCodec codec) {
        this.topics = config.topics();
        this.codec = codec;
        this.consumer = ClientSettings.inputReader(config.bootstrapServers(), config.transactionalId() + "-reader")
                .with(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)
                // A fetch returns as soon as a record arrives (the broker wakes it when the high watermark moves); the
                // wait only bounds an idle fetch, and a short one costs the broker a fetch every few milliseconds.
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)
                .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .newConsumer();
        this.admin = ClientSettings.admin(config.bootstrapServers(), config.transactionalId() + "-ends",
                Duration.ofSeconds(5)).newAdmin();
    }

    /** Reads {@code logPartitions}, each from where the journal says (from 0 when it says nothing). */
    void assign(List<TopicPartition> logPartitions, Map<TopicPartition, Long> positions) {
        Set<LogPartition> all = new LinkedHashSet<>();
        kafkaPartitions.clear();
        for (TopicPartition tp : logPartitions) {
            LogPartition where = of(tp);
            all.add(where);
            kafkaPartitions.put(where, tp);
        }
        partitions = Collections.unmodifiableSet(all);
        consumer.assign(logPartitions);
        for (TopicPartition tp : logPartitions) {
            consumer.seek(tp, positions.getOrDefault(tp, 0L));
        }
    }

    /** The records that arrive within {@code wait}, classified, each partition's in offset order. */
    List<Polled<LogRecord>> poll(Duration wait) {
        ConsumerRecords<String, byte[]> records = consumer.poll(wait);
        if (records.isEmpty()) {
            return List.of();
        }
        List<Polled<LogRecord>> read = new ArrayList<>(records.count());
        for (TopicPartition tp : records.partitions()) {
            LogPartition where = of(tp);
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                read.add(new Polled<>(where, r.offset(), r.timestamp(), LogRecord.classify(r, codec)));
            }
        }
        return read;
    }

    Set<LogPartition> partitions() {
        return partitions;
    }

    /** The next offset the reader returns for {@code where}; known after {@link #assign}, so this does not block. */
    long position(LogPartition where) {
        return consumer.position(kafkaPartitions.get(where));
    }

    /** Asks the broker for every partition's high watermark; completes on the admin client's thread. */
    CompletableFuture<Map<LogPartition, Long>> endOffsets() {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        kafkaPartitions.values().forEach(tp -> ask.put(tp, OffsetSpec.latest()));
        CompletableFuture<Map<LogPartition, Long>> ends = new CompletableFuture<>();
        admin.listOffsets(ask, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .whenComplete((answer, e) -> {
                    if (e != null) {
                        ends.completeExceptionally(e);
                        return;
                    }
                    Map<LogPartition, Long> m = new HashMap<>();
                    answer.forEach((tp, info) -> m.put(of(tp), info.offset()));
                    ends.complete(m);
                });
        return ends;
    }

    /** Records behind the logs' ends, as the last reads saw them: the consumer lag metric. */
    long lag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        return lag;
    }

    /** Makes a waiting {@link #poll} return at once (from any thread). */
    void wakeup() {
        consumer.wakeup();
    }

    private LogPartition of(TopicPartition tp) {
        return new LogPartition(tp.topic().equals(topics.agentLog()) ? LogPartition.Log.AGENT : LogPartition.Log.INODE,
                tp.partition());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
