package io.daxseal.coordinator.runtime;

import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The coordinator's only way to write: one Kafka transaction per journal entry, holding the
 * decisions (numbered by the {@code daxseal-seq} header, tagged with their step), their copies in
 * the agents' inbox, and the entry itself. The transactional id names the journal, so a new writer
 * of the same log fences this one (a zombie), and a renewed producer aborts what this one left open.
 * Called on the loop thread only.
 */
final class JournalWriter implements AutoCloseable {

    private final CoordinatorConfig config;
    private final EventCodec codec;
    private final RuntimeMetrics metrics;
    private KafkaProducer<String, byte[]> producer;
    /** The sequence number of the next decision written. */
    private long nextSeq;

    JournalWriter(CoordinatorConfig config, EventCodec codec, RuntimeMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
        this.producer = settings(config).newProducer();
    }

    /** Fences any older producer with the same transactional id, and aborts its open transaction. */
    void init() {
        producer.initTransactions();
    }

    /** After a failed transaction: a new producer with the same id aborts it; then {@link #init}. */
    void renew() {
        producer.close(Duration.ZERO);
        producer = settings(config).newProducer();
        producer.initTransactions();
    }

    /** Decisions are numbered on from {@code seq} (after loading the log). */
    void resumeAt(long seq) {
        nextSeq = seq;
    }

    /**
     * Writes and commits; on any failure nothing is committed and the sequence does not move.
     *
     * @return the offset of the journal entry in the journal's partition
     * @throws org.apache.kafka.common.KafkaException when the transaction fails (fatal ones included:
     *     a fenced producer, an authorization error; the caller tells them apart)
     */
    long write(List<TaggedDecision> out, JournalEntry entry) {
        long seq = nextSeq;
        producer.beginTransaction();
        int inbox = 0;
        for (TaggedDecision t : out) {
            DecisionRoute route = DecisionRoute.of(t.decision(), config.topics());
            byte[] value = codec.encodeBytes(t.decision());
            RecordHeaders headers = new RecordHeaders();
            headers.add(new RecordHeader(RecordHeaderNames.SEQ, RecordHeaderNames.longBytes(seq++)));
            headers.add(new RecordHeader(RecordHeaderNames.STEP, RecordHeaderNames.longBytes(t.step())));
            producer.send(new ProducerRecord<>(route.topic(), null, route.key(), value, headers));
            if (route.inboxAgent() != null) {
                producer.send(new ProducerRecord<>(config.topics().agentInbox(), route.inboxAgent(), value));
                inbox++;
            }
        }
        java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> journal =
                producer.send(new ProducerRecord<>(config.topics().journal(), 0, config.instanceId(), entry.toBytes()));
        producer.commitTransaction();
        nextSeq = seq;
        metrics.transactions.increment();
        if (!out.isEmpty()) {
            metrics.written("decisions", out.size());
            metrics.written(config.topics().agentInbox(), inbox);
        }
        try {
            return journal.get().offset(); // done: the commit flushed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("the journal entry failed after its commit", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static ClientSettings settings(CoordinatorConfig config) {
        return ClientSettings.transactionalProducer(config.bootstrapServers(), config.transactionalId())
                .with(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000)
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    }
}
