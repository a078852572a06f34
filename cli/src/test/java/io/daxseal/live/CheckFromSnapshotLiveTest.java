package io.daxseal.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.check.CheckReport;
import io.daxseal.check.InvariantChecker;
import io.daxseal.coordinator.live.LiveCluster;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.SnapshotCatalog;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} on a Kafka log whose beginning retention deleted: it starts from the snapshot the
 * coordinator loads, takes the seals live in it as live (their drops after it are no S2 violation),
 * and does not count acknowledged events before it as lost (S6).
 */
class CheckFromSnapshotLiveTest {

    @TempDir
    Path dir;

    @Test
    void aLogWhoseBeginningIsDeletedIsCheckedFromTheSnapshot() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            // One snapshot after the eight grants, none after the four drops that follow.
            c.startCoordinator(c.config().withSnapshots(new CoordinatorConfig.SnapshotPolicy(8, Duration.ofHours(1))));
            Path records = dir.resolve("host-snap.jsonl");
            try (LocalRecordFile file = LocalRecordFile.open(records, "host-snap", InstantSource.system())) {
                NodeAgent agent = c.agent(c.agentConfig("host-snap").recorder(file).build(), RecallHandler.RELEASE_AT_ONCE,
                        RevokeHandler.IGNORE);
                for (int i = 0; i < 8; i++) {
                    HeldSeal s = agent.pin(new Inode("fs", i, 0), new Range(0, 4096), ProcessRefs.self())
                            .get(20, TimeUnit.SECONDS);
                    if (i % 2 == 1) {
                        agent.release(s).get(10, TimeUnit.SECONDS);
                    }
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !SnapshotCatalog.list(c.bootstrap, c.topics)
                        .isEmpty());
                agent.close(); // agent.left after the snapshot: the coordinator drops the four seals live in it
            }
            Thread.sleep(500);
            c.stopCoordinator();

            SnapshotCatalog.Entry snapshot = SnapshotCatalog.list(c.bootstrap, c.topics).get(0);
            String journal = c.topics.journal() + "-0";
            c.deleteRecords(place -> place.equals(journal) ? snapshot.journalOffset() + 1
                    : snapshot.positions().getOrDefault(place, 0L));

            CheckReport report = InvariantChecker.checkKafka(c.bootstrap, c.topics, List.of(records), 0);
            assertThat(report.findings()).isEmpty();
            assertThat(report.remarks()).anySatisfy(r -> assertThat(r).contains("checked from snapshot " + snapshot.id()));
            assertThat(report.property("S2").checked()).isPositive(); // the agent's departure ended its incarnation
            assertThat(report.property("S6").notes()).anySatisfy(n -> assertThat(n).contains("before the snapshot"));
            assertThat(report.allHold()).isTrue();
        }
    }
}
