package io.daxseal.coordinator.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What one snapshot covers and where its bytes are: the state after journal entry
 * {@code journalOffset} (the {@code journalEntries}-th), with the log positions the journal had
 * reached ({@code positions}: the next offset to read in each log partition), the next step and
 * decision sequence numbers, and the chunks of its {@link io.daxseal.core.MachineImage} in the
 * snapshot topic's data partition, with their SHA-256.
 *
 * @param v this manifest's format (1)
 * @param id the snapshot's id: the number of journal entries it covers (grows with the log)
 * @param imageFormat the {@link io.daxseal.core.MachineImage#FORMAT} of the chunks
 * @param inodePartitions the inode log's partition count it was taken with (its token counters)
 * @param positions {@code topic-partition} to next offset
 * @param firstChunkOffset offset of the first chunk in the data partition
 * @param lastChunkOffset offset of the last chunk
 */
record SnapshotManifest(int v, long id, int imageFormat, int inodePartitions, long journalOffset,
                        long journalEntries, long nextStep, long nextSeq, Map<String, Long> positions, long clock,
                        String digest, long createdAt, long firstChunkOffset, long lastChunkOffset, int chunks,
                        long bytes, String sha256, String instance) {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    SnapshotManifest {
        positions = positions == null ? Map.of() : new TreeMap<>(positions);
    }

    static String place(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    /** The positions as Kafka partitions. */
    Map<TopicPartition, Long> partitionPositions(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            Long p = positions.get(place(tp));
            if (p != null) {
                out.put(tp, p);
            }
        }
        return out;
    }

    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SnapshotManifest parse(byte[] bytes) throws IOException {
        SnapshotManifest m = JSON.readValue(bytes, SnapshotManifest.class);
        if (m.v() != VERSION) {
            throw new IOException("snapshot manifest version " + m.v() + " is not supported (this build reads "
                    + VERSION + ")");
        }
        return m;
    }
}
