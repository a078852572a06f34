package io.daxseal.agent;

import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.IncarnationScoped;
import io.daxseal.events.InodeScoped;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import io.daxseal.kafka.Partitions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Kafka link: publishes its events (inode events to the inode log keyed by inode, the
 * rest to the agent log keyed by agent id) and reads its own partition of the inbox on a thread of
 * its own, handing every decision addressed to this agent to {@code onDecision}. Every
 * acknowledged event goes to the recorder (S6).
 */
final class AgentLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

    private final AgentConfig config;
    private final String agentId;
    private final EventCodec codec = EventCodec.standard();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> inbox;
    private final Thread inboxThread;
    private final Consumer<Decision> onDecision;
    private final AtomicLong badInboxRecords = new AtomicLong();
    private volatile boolean closing;

    AgentLink(AgentConfig config, Consumer<Decision> onDecision) {
        this.config = config;
        this.agentId = config.agentId();
        this.onDecision = onDecision;
        this.producer = ClientSettings.producer(config.bootstrapServers(), "daxseal-agent-" + agentId)
                // A heartbeat must not block the timer thread for a minute when the broker is gone.
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(2000, config.ttlMs() / 2))
                .with(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)
                .with(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .withAll(config.producerOverrides())
                .newProducer();
        this.inbox = ClientSettings.reader(config.bootstrapServers(), "daxseal-agent-" + agentId + "-inbox")
                // A fetch returns as soon as a decision is readable (the broker wakes it when the commit markers land,
                // measured: 0.6 ms after the commit at 500 ms as at 10 ms); the wait only bounds an idle fetch, and a short
                // one made every idle agent fetch 100 times a second, most of the broker's work with many agents.
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)
                .newConsumer();
        this.inboxThread = new Thread(this::readInbox, "daxseal-agent-" + agentId + "-inbox");
        inboxThread.setDaemon(true);
    }

    /** Finds this agent's inbox partition, starts reading at its end (decisions for what comes next), and returns. */
    void startInbox() {
        String topic = config.topics().agentInbox();
        List<PartitionInfo> partitions;
        try {
            partitions = inbox.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no Kafka broker at " + config.bootstrapServers() + " told the partitions of '"
                    + topic + "' within 10 s: check --bootstrap-servers and that the brokers run", e);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist on " + config.bootstrapServers()
                    + ": start the coordinator first (it creates the daxseal topics)");
        }
        TopicPartition mine = new TopicPartition(topic, Partitions.forKey(agentId, partitions.size()));
        inbox.assign(List.of(mine));
        inbox.seekToEnd(List.of(mine));
        inbox.position(mine); // resolve now: decisions for the incarnation about to register come after
        // Warm: learn where inode-log's partitions are now, so that the first seal request is not also the
        // producer's first metadata round trip for that topic.
        try {
            producer.partitionsFor(config.topics().inodeLog());
        } catch (KafkaException e) {
            LOG.debug("agent {}: could not fetch {}'s metadata ahead: {}", agentId, config.topics().inodeLog(), e.toString());
        }
        inboxThread.start();
    }

    /** Publishes an event; completes when the broker has it. A send the producer refuses at once fails the future. */
    CompletableFuture<RecordMetadata> send(Event event) {
        String topic;
        String key;
        if (event instanceof InodeScoped i) {
            topic = config.topics().inodeLog();
            key = i.inode().key();
        } else if (event instanceof IncarnationScoped) {
            topic = config.topics().agentLog();
            key = agentId;
        } else {
            throw new IllegalArgumentException("an agent does not publish " + event.getClass().getSimpleName());
        }
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        byte[] value = codec.encodeBytes(event);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
                if (e == null) {
                    recordAck(md, value);
                    f.complete(md);
                } else {
                    f.completeExceptionally(e);
                }
            });
        } catch (KafkaException e) {
            // The broker is away and max.block.ms ran out: the caller learns it from the future, like any failure.
            LOG.debug("agent {}: {} not sent: {}", agentId, event.getClass().getSimpleName(), e.toString());
            f.completeExceptionally(e);
        }
        return f;
    }

    private void recordAck(RecordMetadata md, byte[] value) {
        try {
            config.recorder().acknowledged(md.topic(), md.partition(), md.offset(), value);
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the recorder failed: {}", agentId, e.toString());
        }
    }

    long badInboxRecords() {
        return badInboxRecords.get();
    }

    private void readInbox() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : inbox.poll(Duration.ofMillis(100))) {
                    if (!agentId.equals(r.key())) {
                        continue; // another agent on the same partition
                    }
                    try {
                        if (codec.decode(r.value()) instanceof Decision d) {
                            onDecision.accept(d);
                        }
                    } catch (BadEventException e) {
                        badInboxRecords.incrementAndGet();
                        LOG.warn("agent {}: bad event in {}-{} at offset {}: {}", agentId, r.topic(), r.partition(),
                                r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("agent {}: the inbox reader stopped: {}", agentId, e.toString(), e);
            }
        } finally {
            inbox.close(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        closing = true;
        inbox.wakeup();
        if (inboxThread.isAlive()) {
            try {
                inboxThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (inboxThread.getState() == Thread.State.NEW) {
            inbox.close(Duration.ZERO);
        }
        producer.close(Duration.ofSeconds(2));
    }
}
