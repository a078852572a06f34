package io.daxseal.coordinator.runtime;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Kafka record headers on the coordinator's decision records. They are outside the JSON value, so
 * the wire contract (PROTOCOL.md) is unchanged: agents ignore them; loaders and log tools use them.
 */
final class RecordHeaderNames {

    /** The global sequence number of a decision: the order the coordinator applied its decisions in. */
    static final String SEQ = "daxseal-seq";
    /** The step (one input or one round of timers, see {@link JournalEntry}) that caused the decision. */
    static final String STEP = "daxseal-step";

    private RecordHeaderNames() {
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** The header's value as a long, or -1 when the record does not carry it (not the coordinator's). */
    static long longHeader(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null || h.value().length != 8) {
            return -1;
        }
        return ByteBuffer.wrap(h.value()).getLong();
    }
}
