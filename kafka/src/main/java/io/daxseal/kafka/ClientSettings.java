package io.daxseal.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The settings of one Kafka client, built in one place for every daxseal component. The factory
 * methods hold what every client of a kind must have (the safety settings: {@code acks=all} and
 * idempotence for producers, {@code read_committed} for readers, except the coordinator's
 * {@link #inputReader}, which says why); a caller adds only what is its own with {@link #with}, and
 * says why there. Immutable: {@code with} returns a copy.
 *
 * <p>daxseal's records are keyed by a string (inode key, agent id) and carry JSON bytes, so every
 * client here is {@code <String, byte[]>}.
 */
public final class ClientSettings {

    /** How long a client waits at most between reconnects: a restarted broker is found again within half a second. */
    private static final int RECONNECT_BACKOFF_MAX_MS = 500;

    private final Map<String, Object> settings;

    private ClientSettings(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    private static ClientSettings of(String bootstrapServers, String clientId) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers given (host:port[,host:port...])");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        m.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        m.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
        return new ClientSettings(m);
    }

    /**
     * A producer of events: an event is acknowledged only when every in-sync replica has it (S6),
     * retries never duplicate it (idempotence), and it is sent at once (no linger: a grant waits on it).
     */
    public static ClientSettings producer(String bootstrapServers, String clientId) {
        return of(bootstrapServers, clientId)
                .with(ProducerConfig.ACKS_CONFIG, "all")
                .with(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .with(ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    /**
     * The coordinator's transactional producer: its transactional id fences any older producer with
     * the same id (a zombie coordinator), so that only one writes decisions.
     */
    public static ClientSettings transactionalProducer(String bootstrapServers, String transactionalId) {
        return producer(bootstrapServers, transactionalId)
                .with(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /**
     * A reader of the log: {@code read_committed}, so that nothing a coordinator aborted (or a zombie
     * wrote) is ever seen; no offsets committed to a group (positions live elsewhere or nowhere).
     */
    public static ClientSettings reader(String bootstrapServers, String clientId) {
        return of(bootstrapServers, clientId)
                .with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .with(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    /**
     * The coordinator's live reader of its inputs: {@code read_uncommitted}, so that its own open
     * transactions (which write decisions into the same partitions) do not hide new inputs. Safe
     * only because inputs are never written inside a transaction: every input below the high
     * watermark is there for good, and the only records that may still be rolled back are
     * decisions, which this reader's user never applies. Anything that applies decisions uses
     * {@link #reader}.
     */
    public static ClientSettings inputReader(String bootstrapServers, String clientId) {
        return reader(bootstrapServers, clientId).with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    }

    /** An admin client whose calls give up after {@code timeout}: a wrong address is reported in seconds. */
    public static ClientSettings admin(String bootstrapServers, String clientId, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return of(bootstrapServers, clientId)
                .with(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms)
                .with(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000));
    }

    /** A copy with one more setting (or one replaced). */
    public ClientSettings with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new ClientSettings(m);
    }

    /** A copy with the user's overrides laid over these settings (e.g. security settings from a file). */
    public ClientSettings withAll(Map<String, ?> overrides) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        m.putAll(overrides);
        return new ClientSettings(m);
    }

    /** The bootstrap servers these settings name, for messages. */
    public String bootstrapServers() {
        return (String) settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The value of one setting, or {@code null}. */
    public Object get(String key) {
        return settings.get(key);
    }

    /** The settings as the Kafka clients take them. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.putAll(settings);
        return p;
    }

    /** A new producer of keyed JSON events. */
    public KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(toProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    /** A new consumer of keyed JSON events. */
    public KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(toProperties(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A new admin client. */
    public Admin newAdmin() {
        return Admin.create(toProperties());
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
