package io.daxseal.live;

import io.daxseal.coordinator.live.LiveCluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.agent.records.LocalRecord;
import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.check.CheckReport;
import io.daxseal.check.InvariantChecker;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker on a real Kafka log with an agent's local records: everything holds on an honest
 * run; an acknowledged event that is not at its place (lost) and one that is in the log twice are
 * S6 violations, named with their offsets.
 */
class CheckerKafkaLiveTest {

    @TempDir
    Path dir;

    @Test
    void anHonestLogHoldsAndALostOrDuplicatedAcknowledgedEventIsCaught() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator();
            Path records = dir.resolve("host-chk.jsonl");
            try (LocalRecordFile file = LocalRecordFile.open(records, "host-chk", InstantSource.system())) {
                NodeAgent agent = c.agent(c.agentConfig("host-chk").recorder(file).build(), RecallHandler.RELEASE_AT_ONCE,
                        RevokeHandler.IGNORE);
                HeldSeal seal = agent.pin(new Inode("fs", 1, 0), new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
                agent.release(seal).get(10, TimeUnit.SECONDS);
                agent.close();
            }
            Thread.sleep(500); // the coordinator reads agent.left
            c.stopCoordinator();

            CheckReport honest = InvariantChecker.checkKafka(c.bootstrap, c.topics, List.of(records), 0);
            assertThat(honest.findings()).isEmpty();
            assertThat(honest.property("S6").what()).contains("acknowledged to producers");
            long acked = LocalRecordFile.read(records).records().stream().filter(r -> r instanceof LocalRecord.Acked).count();
            assertThat(acked).isGreaterThanOrEqualTo(4); // registration, request, release, left (and heartbeats)
            assertThat(honest.property("S3").checked()).isEqualTo(1);

            // Duplicate: the same bytes again in the same partition. Lost: an acknowledgement for an offset the log lacks.
            LocalRecord.Acked first = (LocalRecord.Acked) LocalRecordFile.read(records).records().stream()
                    .filter(r -> r instanceof LocalRecord.Acked).findFirst().orElseThrow();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", c.bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(first.topic(), first.partition(), "host-chk",
                        first.event().getBytes(StandardCharsets.UTF_8))).get();
            }
            Files.writeString(records, "{\"record\":\"acked\",\"source\":\"host-chk\",\"topic\":\"" + c.topics.inodeLog()
                    + "\",\"partition\":0,\"offset\":424242,\"event\":\"{}\"}\n", StandardOpenOption.APPEND);

            CheckReport broken = InvariantChecker.checkKafka(c.bootstrap, c.topics, List.of(records), 0);
            assertThat(broken.property("S6").findings()).hasSize(2);
            assertThat(broken.property("S6").findings()).anySatisfy(f -> {
                assertThat(f.message()).contains("is in " + first.topic() + "-" + first.partition() + " 2 times");
                assertThat(f.places()).contains(first.topic() + "-" + first.partition() + "@" + first.offset());
            });
            assertThat(broken.property("S6").findings()).anySatisfy(f -> {
                assertThat(f.message()).contains("the log has no record there: it was lost");
                assertThat(f.places()).contains(c.topics.inodeLog() + "-0@424242");
            });
            assertThat(broken.property("S1").holds()).isTrue();
            assertThat(broken.property("S4").holds()).isTrue();
        }
    }
}
