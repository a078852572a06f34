package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.*;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saved payloads (src/test/resources/golden/v1 and v2) must keep decoding to the same events, and
 * the encoder must keep writing the current version's byte for byte. A failure here means the wire
 * contract changed: add an upcaster and a new golden directory instead of editing these files.
 */
class GoldenFileTest {

    private static final Inode INODE = new Inode("5c1e7a52-0d8e-4c52-9a55-2f4b8b1f0c11", 4242, 7);
    private static final ProcessRef PROC = new ProcessRef(31337, 987654321);
    private static final String A = "pmem-host-01";

    static final Map<String, Event> EXPECTED = Map.ofEntries(
            Map.entry("agent.registered", new AgentRegistered(1700000000000L, A, 3, 3000)),
            Map.entry("agent.heartbeat", new AgentHeartbeat(1700000001000L, A, 3, 17)),
            Map.entry("agent.left", new AgentLeft(1700000009000L, A, 3)),
            Map.entry("process.exited", new ProcessExited(1700000008000L, A, 3, PROC)),
            Map.entry("seal.requested", new SealRequested(1700000002000L, "mr-0001", A, 3, PROC, INODE,
                    new Range(0, 2097152), SealKind.PIN)),
            Map.entry("seal.released", new SealReleased(1700000007000L, "mr-0001", A, 3, INODE, ReleaseReason.RECALL)),
            Map.entry("op.requested", new OpRequested(1700000003000L, "trunc-77", INODE, Range.toEndOfFile(1048576),
                    OpKind.TRUNCATE, OpPolicy.RECALL_THEN_BREAK, 2000, "mds-1")),
            Map.entry("op.finished", new OpFinished(1700000006000L, "trunc-77", INODE, OpOutcome.DONE)),
            Map.entry("seal.granted", new SealGranted(1700000002000L, "mr-0001", A, 3, INODE, 12)),
            Map.entry("seal.denied", new SealDenied(1700000002000L, "mr-0002", A, 3, INODE, DenyReason.RANGE_BUSY)),
            Map.entry("seal.recalled", new SealRecalled(1700000003000L, "mr-0001", A, 3, INODE, "trunc-77", 1700000005000L)),
            Map.entry("seal.broken", new SealBroken(1700000005001L, "mr-0001", A, 3, INODE, BreakCause.RECALL_TIMEOUT)),
            Map.entry("seal.dropped", new SealDropped(1700000008000L, "mr-0003", A, 3, INODE, DropCause.PROCESS_EXIT)),
            Map.entry("op.granted", new OpGranted(1700000005001L, "trunc-77", INODE)),
            Map.entry("op.rejected", new OpRejected(1700000003000L, "punch-9", INODE, RejectReason.SEALED)),
            Map.entry("agent.expired", new AgentExpired(1700000004001L, "pmem-host-02", 1, 1700000001000L)),
            Map.entry("agent.fenced", new AgentFenced(1700000005001L, A, 3, FenceCause.RECALL_TIMEOUT)));

    static Stream<String> goldenTypes() {
        return Stream.of(EventType.values()).map(EventType::wire);
    }

    /** A payload of the current version. */
    static String golden(String name) throws IOException {
        return golden(2, name);
    }

    static String golden(int version, String name) throws IOException {
        try (InputStream in = GoldenFileTest.class.getResourceAsStream("/golden/v" + version + "/" + name + ".json")) {
            assertThat(in).as("golden file for %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenTypes")
    void everyEventTypeHasAGoldenPayloadThatDecodesToTheExpectedEvent(String type) throws Exception {
        Event decoded = EventCodec.standard().decode(golden(type));
        assertThat(decoded).isEqualTo(EXPECTED.get(type));
        assertThat(decoded.type().wire()).isEqualTo(type);
    }

    @ParameterizedTest
    @MethodSource("goldenTypes")
    void everyVersion1PayloadStillDecodesToTheSameEvent(String type) throws Exception {
        assertThat(golden(1, type)).contains("\"v\":1,");
        assertThat(EventCodec.standard().decode(golden(1, type))).isEqualTo(EXPECTED.get(type));
    }

    @Test
    void version2AddsTheOrphanReleaseReason() throws Exception {
        SealReleased orphan = new SealReleased(1700000002100L, "mr-0001", A, 3, INODE, ReleaseReason.ORPHAN);
        assertThat(EventCodec.standard().decode(golden("seal.released-orphan"))).isEqualTo(orphan);
        assertThat(EventCodec.standard().encode(orphan)).isEqualTo(golden("seal.released-orphan"));
    }

    @ParameterizedTest
    @MethodSource("goldenTypes")
    void encodingWritesTheGoldenPayloadByteForByte(String type) throws Exception {
        assertThat(EventCodec.standard().encode(EXPECTED.get(type))).isEqualTo(golden(type));
    }

    @Test
    void anOperationWithoutLengthRunsToTheEndOfTheFileAndUnknownFieldsAreIgnored() throws Exception {
        Event decoded = EventCodec.standard().decode(golden("op.requested-to-eof"));
        assertThat(decoded).isEqualTo(new OpRequested(1700000003000L, "trunc-78", INODE, Range.toEndOfFile(1048576),
                OpKind.TRUNCATE, OpPolicy.FAIL_FAST, 0, "mds-1"));
        assertThat(((OpRequested) decoded).range().end()).isEqualTo(Long.MAX_VALUE);
    }
}
