package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's snapshots in Kafka: a compacted topic of two partitions. Partition 1 holds
 * each snapshot's {@link io.daxseal.core.MachineImage} in chunks of at most {@value #CHUNK_BYTES}
 * bytes (a Kafka record has a size limit; an image of a million seals is tens of megabytes);
 * partition 0 holds one small {@link SnapshotManifest} per snapshot, written after its chunks, so a
 * loader reads the manifests, picks the newest, and fetches only that snapshot's chunks. A
 * snapshot whose chunks are missing, or do not match the manifest's count, size and SHA-256, is
 * damaged; the loader says so and tries the one before. The newest {@value #KEEP} snapshots are
 * kept; older ones are deleted with tombstones, which compaction then removes.
 */
final class SnapshotStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    static final int PARTITIONS = 2;
    static final int MANIFESTS = 0;
    static final int CHUNKS = 1;
    static final int CHUNK_BYTES = 512 * 1024;
    static final int KEEP = 2;

    /** A snapshot read back whole: its manifest, its image, and where the manifest is. */
    record Found(SnapshotManifest manifest, byte[] image, String place) {
    }

    private final String topic;
    private KafkaProducer<String, byte[]> producer;
    private final String bootstrapServers;
    private final String clientId;
    /** The snapshots known to exist, oldest first (to delete beyond {@link #KEEP}). */
    private final List<SnapshotManifest> known = new ArrayList<>();

    SnapshotStore(String bootstrapServers, String topic, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientId = clientId;
    }

    // ------------------------------------------------------------------------------------ reading

    /** Every snapshot manifest in the topic, newest first; unreadable ones are reported and skipped. */
    static List<SnapshotManifest> manifests(Consumer<String, byte[]> consumer, String topic) {
        Map<String, SnapshotManifest> byKey = new LinkedHashMap<>();
        read(consumer, new TopicPartition(topic, MANIFESTS), 0, Long.MAX_VALUE, r -> {
            if (r.value() == null) {
                byKey.remove(r.key()); // a deleted snapshot
                return;
            }
            try {
                byKey.put(r.key(), SnapshotManifest.parse(r.value()));
            } catch (IOException e) {
                LOG.warn("snapshot manifest at {}-{}@{} cannot be read ({}); it is skipped", r.topic(), r.partition(),
                        r.offset(), e.getMessage());
            }
        });
        List<SnapshotManifest> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.comparingLong(SnapshotManifest::id).reversed());
        return all;
    }

    /**
     * Reads the image of {@code manifest} and checks it against the manifest.
     *
     * @throws IOException saying how it is damaged
     */
    static byte[] image(Consumer<String, byte[]> consumer, String topic, SnapshotManifest manifest) throws IOException {
        TopicPartition tp = new TopicPartition(topic, CHUNKS);
        long start = consumer.beginningOffsets(List.of(tp)).get(tp);
        if (manifest.firstChunkOffset() < start) {
            throw new IOException("its chunks from offset " + manifest.firstChunkOffset() + " are gone (the partition "
                    + "starts at " + start + ")");
        }
        String prefix = chunkPrefix(manifest.id());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(manifest.bytes(), Integer.MAX_VALUE - 8));
        int[] chunks = {0};
        read(consumer, tp, manifest.firstChunkOffset(), manifest.lastChunkOffset(), r -> {
            if (r.value() != null && r.key() != null && r.key().startsWith(prefix)) {
                out.writeBytes(r.value());
                chunks[0]++;
            }
        });
        byte[] image = out.toByteArray();
        if (chunks[0] != manifest.chunks() || image.length != manifest.bytes()) {
            throw new IOException("it should have " + manifest.chunks() + " chunk(s) of " + manifest.bytes()
                    + " bytes in all, but " + chunks[0] + " chunk(s) of " + image.length + " bytes were found");
        }
        String sha = sha256(image);
        if (!sha.equals(manifest.sha256())) {
            throw new IOException("its SHA-256 is " + sha + ", the manifest says " + manifest.sha256());
        }
        return image;
    }

    private static void read(Consumer<String, byte[]> consumer, TopicPartition tp, long from, long to,
                             java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer.assign(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
        consumer.seek(tp, Math.max(from, begin));
        long last = Math.min(to, end - 1);
        while (consumer.position(tp) <= last) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() <= last) {
                    sink.accept(r);
                }
            }
        }
        consumer.assign(List.of());
    }

    // ------------------------------------------------------------------------------------ writing

    /** Remembers the snapshots already in the topic (oldest first), so that writing deletes the old ones. */
    void knowExisting(List<SnapshotManifest> newestFirst) {
        known.clear();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            known.add(newestFirst.get(i));
        }
    }

    /** Writes an image to an output stream: what {@link #write} streams into chunks. */
    interface ImageWriter {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Streams the image that {@code image} writes into chunks of {@value #CHUNK_BYTES} bytes as it
     * goes (no buffer of the whole image: at a million seals it is tens of megabytes, which the
     * garbage collector would have to move), then writes its manifest, completed with where the
     * chunks went, their count, size and SHA-256, then deletes the snapshots beyond the newest
     * {@value #KEEP}.
     *
     * @return the manifest written
     * @throws Exception when Kafka refuses (the caller tries again at the next snapshot)
     */
    SnapshotManifest write(SnapshotManifest partial, ImageWriter image) throws Exception {
        KafkaProducer<String, byte[]> p = producer();
        String prefix = chunkPrefix(partial.id());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] bytes = {0};
        java.io.OutputStream chunker = new java.io.OutputStream() {
            private final byte[] buffer = new byte[CHUNK_BYTES];
            private int filled;

            @Override
            public void write(int b) {
                if (filled == buffer.length) {
                    flushChunk();
                }
                buffer[filled++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    if (filled == buffer.length) {
                        flushChunk();
                    }
                    int n = Math.min(len, buffer.length - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() {
                if (filled > 0 || sent.isEmpty()) {
                    flushChunk();
                }
            }

            private void flushChunk() {
                byte[] chunk = java.util.Arrays.copyOf(buffer, filled);
                sha.update(chunk);
                bytes[0] += chunk.length;
                sent.add(p.send(new ProducerRecord<>(topic, CHUNKS, prefix + sent.size(), chunk)));
                filled = 0;
            }
        };
        java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(chunker, 1 << 16);
        image.writeTo(out);
        out.flush();
        chunker.close();
        p.flush();
        long first = sent.get(0).get().offset();
        long last = sent.get(sent.size() - 1).get().offset();
        SnapshotManifest m = new SnapshotManifest(SnapshotManifest.VERSION, partial.id(), partial.imageFormat(),
                partial.inodePartitions(), partial.journalOffset(), partial.journalEntries(), partial.nextStep(),
                partial.nextSeq(), partial.positions(), partial.clock(), partial.digest(), partial.createdAt(), first,
                last, sent.size(), bytes[0], HexFormat.of().formatHex(sha.digest()), partial.instance());
        p.send(new ProducerRecord<>(topic, MANIFESTS, manifestKey(m.id()), m.toBytes())).get();
        known.add(m);
        while (known.size() > KEEP) {
            SnapshotManifest old = known.remove(0);
            p.send(new ProducerRecord<>(topic, MANIFESTS, manifestKey(old.id()), null));
            for (int c = 0; c < old.chunks(); c++) {
                p.send(new ProducerRecord<>(topic, CHUNKS, chunkPrefix(old.id()) + c, null));
            }
        }
        p.flush();
        return m;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = ClientSettings.producer(bootstrapServers, clientId)
                    .with(ProducerConfig.LINGER_MS_CONFIG, 5)
                    .with(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024)
                    .with(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024)
                    // Images repeat their strings (agent ids, file systems): lz4 makes them several times smaller.
                    .with(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                    .newProducer();
        }
        return producer;
    }

    /** After a failed write: the next one starts with a fresh producer. */
    void reset() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    static String manifestKey(long id) {
        return "manifest-" + id;
    }

    static String chunkPrefix(long id) {
        return "chunk-" + id + "-";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Unused partitions of the topic would be a layout this build does not know. */
    static void checkLayout(int partitions, String topic) {
        if (partitions != PARTITIONS) {
            throw new IllegalStateException("the snapshot topic '" + topic + "' has " + partitions + " partition(s); "
                    + "daxseal needs exactly " + PARTITIONS + " (0: manifests, 1: chunks). Delete it and restart the "
                    + "coordinator with the whole log, or recreate it with " + PARTITIONS + " partitions.");
        }
    }
}
