package io.daxseal.coordinator.runtime;

import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The coordinator's only way to write: one Kafka transaction per commit of the pipeline (one or
 * more journal entries, in order), holding the decisions (numbered by the {@code daxseal-seq} header, tagged with their step), their copies in
 * the agents' inbox, and the entry itself. The transactional id names the journal, so a new writer
 * of the same log fences this one (a zombie), and a renewed producer aborts what this one left open.
 * Called by one thread at a time: the commit pipeline's, or the loop's while the pipeline is idle.
 */
final class JournalWriter implements AutoCloseable {

    private final CoordinatorConfig config;
    private final EventCodec codec;
    private final RuntimeMetrics metrics;
    private volatile KafkaProducer<String, byte[]> producer;
    /** Retries of the producers renewed away, so that the retry counter never goes back. */
    private double retriesBefore;
    /** The sequence number of the next decision written. */
    private long nextSeq;

    JournalWriter(CoordinatorConfig config, EventCodec codec, RuntimeMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
        this.producer = settings(config).newProducer();
        metrics.commitRetries(this::retries);
    }

    /** The produce retries of every producer this writer had (the Kafka client counts them). */
    private double retries() {
        return retriesBefore + retries(producer);
    }

    private static double retries(KafkaProducer<String, byte[]> p) {
        for (var e : p.metrics().entrySet()) {
            if (e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    /** Fences any older producer with the same transactional id, and aborts its open transaction. */
    void init() {
        producer.initTransactions();
    }

    /** After a failed transaction: a new producer with the same id aborts it; then {@link #init}. */
    void renew() {
        retriesBefore += retries(producer);
        producer.close(Duration.ZERO);
        producer = settings(config).newProducer();
        producer.initTransactions();
    }

    /** Decisions are numbered on from {@code seq} (after loading the log). */
    void resumeAt(long seq) {
        nextSeq = seq;
    }

    /**
     * Writes the entries, each with its decisions and their inbox copies, in one transaction, and
     * commits; on any failure nothing is committed and the sequence does not move.
     *
     * @return each entry's offset in the journal's partition, in order
     * @throws org.apache.kafka.common.KafkaException when the transaction fails (fatal ones included:
     *     a fenced producer, an authorization error; the caller tells them apart)
     */
    long[] write(List<DecidedEntry> entries) {
        long seq = nextSeq;
        long started = System.nanoTime();
        producer.beginTransaction();
        int inbox = 0;
        int decisions = 0;
        List<Future<RecordMetadata>> journal = new ArrayList<>(entries.size());
        for (DecidedEntry e : entries) {
            for (TaggedDecision t : e.out()) {
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
            decisions += e.out().size();
            journal.add(producer.send(new ProducerRecord<>(config.topics().journal(), 0, config.instanceId(),
                    e.entry().toBytes())));
        }
        producer.commitTransaction();
        metrics.commitDuration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        nextSeq = seq;
        metrics.transactions.increment();
        metrics.entriesPerCommit.record(entries.size());
        if (decisions > 0) {
            metrics.written("decisions", decisions);
            metrics.written(config.topics().agentInbox(), inbox);
        }
        long[] offsets = new long[entries.size()];
        try {
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = journal.get(i).get().offset(); // done: the commit flushed it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("a journal entry failed after its commit", e.getCause());
        }
        return offsets;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static ClientSettings settings(CoordinatorConfig config) {
        return ClientSettings.transactionalProducer(config.bootstrapServers(), config.transactionalId())
                .with(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000)
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000)
                // Transactions follow one another closely: the next one's first write is often refused with
                // CONCURRENT_TRANSACTIONS until the broker has written the previous one's commit markers (about a
                // millisecond here). Retry soon, and one request at a time: with several in flight, the writes
                // behind a refused one were refused too (OUT_OF_ORDER_SEQUENCE_NUMBER) and retried in turn.
                .with(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 1)
                .with(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5)
                .with(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
}
