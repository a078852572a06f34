package io.daxseal.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where a keyed record lands: the rule Kafka's default partitioner applies, for readers that must know in advance. */
public final class Partitions {

    private Partitions() {
    }

    /**
     * The partition Kafka's default partitioner picks for {@code key} among {@code partitions}: an
     * agent reads only its own inbox partition, and must find it before any decision is written there.
     */
    public static int forKey(String key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
