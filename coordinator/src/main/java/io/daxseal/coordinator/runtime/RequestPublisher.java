package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import io.daxseal.events.Input;
import io.daxseal.events.InodeScoped;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes requesters' events ({@code op.requested}, {@code op.finished}) to {@code inode-log},
 * keyed by inode, idempotent and acknowledged by all in-sync replicas. The coordinator's HTTP API
 * uses it; so can a filesystem's metadata service.
 */
public final class RequestPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final EventCodec codec = EventCodec.standard();

    public RequestPublisher(String bootstrapServers, Topics topics) {
        this.producer = ClientSettings.producer(bootstrapServers, "daxseal-requester")
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000)
                .with(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000)
                .with(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)
                .newProducer();
        this.topics = topics;
    }

    public CompletableFuture<RecordMetadata> request(OpRequested request) {
        return publish(request);
    }

    public CompletableFuture<RecordMetadata> finish(OpFinished finished) {
        return publish(finished);
    }

    /** Publishes any inode-scoped input (tests and tools use it for agents' events too). */
    public <E extends Input & InodeScoped> CompletableFuture<RecordMetadata> publish(E event) {
        return send(topics.inodeLog(), event.inode().key(), codec.encodeBytes(event));
    }

    /** Publishes raw bytes, valid or not, to a topic: for tools and tests of bad input. */
    public CompletableFuture<RecordMetadata> send(String topic, String key, byte[] value) {
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                if (e == null) {
                    f.complete(md);
                } else {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
