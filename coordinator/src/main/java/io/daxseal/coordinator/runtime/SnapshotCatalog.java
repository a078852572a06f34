package io.daxseal.coordinator.runtime;

import io.daxseal.events.Topics;
import io.daxseal.kafka.ClientSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** What snapshots a log has, for tools and tests: the manifests in its snapshot topic, newest first. */
public final class SnapshotCatalog {

    /**
     * One snapshot: it covers the first {@code journalEntries} journal entries (up to offset
     * {@code journalOffset} of the journal) and the log partitions up to {@code positions}
     * ({@code topic-partition} to the next offset to read).
     */
    public record Entry(long id, long journalEntries, long journalOffset, Map<String, Long> positions, long createdAt,
                        long bytes, String instance) {
    }

    private SnapshotCatalog() {
    }

    public static List<Entry> list(String bootstrapServers, Topics topics) {
        try (KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(bootstrapServers, "daxseal-snapshot-catalog")
                .newConsumer()) {
            return SnapshotStore.manifests(consumer, topics.snapshots()).stream()
                    .map(m -> new Entry(m.id(), m.journalEntries(), m.journalOffset(), m.positions(), m.createdAt(),
                            m.bytes(), m.instance()))
                    .toList();
        }
    }
}
