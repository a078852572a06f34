package io.daxseal.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.coordinator.live.LiveCluster;
import io.daxseal.core.MachineImage;
import io.daxseal.core.SealMachine;
import io.daxseal.core.StateSnapshot;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.daxseal.events.SealGranted;
import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Snapshots on a real broker: the coordinator writes them while it decides, a snapshot's state is
 * the state that replaying the log up to it gives (S4), a restart after retention deleted the log's
 * beginning loads the newest snapshot, a damaged snapshot is passed over for the one before, and a
 * log whose beginning is gone past every snapshot is refused with what to do.
 */
class SnapshotLiveTest {

    private static final CoordinatorConfig.SnapshotPolicy OFTEN = new CoordinatorConfig.SnapshotPolicy(10,
            Duration.ofMillis(500));

    private static Inode inode(int i) {
        return new Inode("fs-snap", i, 1);
    }

    private static double written(LiveCluster c) {
        return c.registry.get("daxseal.snapshots").tag("result", "written").counter().count();
    }

    /** Pins 24 seals over 6 inodes and releases all but every fourth: live seals and forgotten inodes both. */
    private static List<HeldSeal> churn(NodeAgent agent, int round) throws Exception {
        List<HeldSeal> kept = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            HeldSeal s = agent.pin(inode(round * 10 + i % 6), new Range(i * 4096L, 4096), ProcessRefs.self())
                    .get(20, TimeUnit.SECONDS);
            if (i % 4 == 0) {
                kept.add(s);
            } else {
                agent.release(s).get(20, TimeUnit.SECONDS);
            }
        }
        return kept;
    }

    private static Set<String> liveSeals(StateSnapshot s) {
        Set<String> names = new HashSet<>();
        s.inodes().forEach(i -> i.seals().forEach(seal -> names.add(i.inode() + "/" + seal.seal() + "@" + seal.token())));
        return names;
    }

    private static List<SnapshotManifest> manifests(LiveCluster c) {
        try (KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(c.bootstrap, "snapshot-test").newConsumer()) {
            return SnapshotStore.manifests(consumer, c.topics.snapshots());
        }
    }

    /** Deletes every record before the snapshot's positions (or, {@code pastIt}, every record), as retention would. */
    private static void deleteCoveredBy(LiveCluster c, SnapshotManifest m, boolean pastIt) throws Exception {
        String journal = c.topics.journal() + "-0";
        c.deleteRecords(place -> pastIt ? null
                : place.equals(journal) ? m.journalOffset() + 1 : m.positions().getOrDefault(place, 0L));
    }

    @Test
    void aSnapshotHoldsTheStateThatReplayingTheLogUpToItGives() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator(c.config().withSnapshots(OFTEN));
            NodeAgent agent = c.agent("snapper");
            churn(agent, 0);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written(c) >= 1);
            SnapshotManifest m = manifests(c).get(0);
            try (KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(c.bootstrap, "snapshot-test").newConsumer()) {
                byte[] image = SnapshotStore.image(consumer, c.topics.snapshots(), m);
                LogLoader loader = new LogLoader(consumer, c.topics, TopicSetup.ensure(c.config(), Duration.ofSeconds(15)),
                        EventCodec.standard());
                SealMachine fromImage = MachineImage.read(new ByteArrayInputStream(image), loader.partitioning());
                LogLoader.Loaded replayed = loader.load(LogLoader.Origin.BEGINNING, m.journalEntries());
                assertThat(fromImage.digest()).isEqualTo(replayed.machine().digest());
                assertThat(replayed.nextSeq()).isEqualTo(m.nextSeq());
                assertThat(replayed.nextStep()).isEqualTo(m.nextStep());
                assertThat(replayed.lastJournalOffset()).isEqualTo(m.journalOffset());
                assertThat(SnapshotManifest.parse(m.toBytes())).isEqualTo(m);
            }
            // The whole log is there: the audit (and check) read all of it, not from the snapshot.
            assertThat(LogAudit.run(c.bootstrap, c.topics).startedFrom()).isNull();
        }
    }

    @Test
    void aRestartAfterRetentionDeletedTheLogsBeginningLoadsTheNewestSnapshot() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator(c.config().withSnapshots(OFTEN));
            NodeAgent agent = c.agent("keeper");
            List<HeldSeal> kept = new ArrayList<>(churn(agent, 0));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written(c) >= 1);
            kept.addAll(churn(agent, 1));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written(c) >= 2);
            Set<String> before = liveSeals(c.coordinator.query(SealMachine::snapshot).get());
            assertThat(before).hasSize(kept.size());
            c.stopCoordinator();

            List<SnapshotManifest> snapshots = manifests(c);
            assertThat(snapshots).hasSizeLessThanOrEqualTo(SnapshotStore.KEEP).isNotEmpty();
            SnapshotManifest newest = snapshots.get(0);
            deleteCoveredBy(c, newest, false);

            c.startCoordinator(c.config().withSnapshots(OFTEN));
            assertThat(c.coordinator.loadedFrom()).startsWith("snapshot " + newest.id() + " ");
            assertThat(liveSeals(c.coordinator.query(SealMachine::snapshot).get())).isEqualTo(before);
            c.assertLogConsistent(); // the audit too starts from the snapshot, and agrees with the live state
            assertThat(LogAudit.run(c.bootstrap, c.topics).startedFrom()).startsWith("snapshot " + newest.id() + " ");

            // It goes on deciding: a held seal's release applies, and a new grant's token is above the old ones (S7).
            agent.release(kept.get(0)).get(20, TimeUnit.SECONDS);
            HeldSeal again = agent.pin(kept.get(0).inode(), new Range(0, 1), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            long newestBefore = c.all(SealGranted.class).stream().filter(g -> g.inode().equals(again.inode())
                    && !g.seal().equals(again.seal())).mapToLong(SealGranted::token).max().orElseThrow();
            assertThat(again.token()).isGreaterThan(newestBefore);
            c.assertLogConsistent();
        }
    }

    @Test
    void aDamagedSnapshotIsPassedOverForTheOneBeforeIt() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator(c.config().withSnapshots(OFTEN));
            NodeAgent agent = c.agent("damaged");
            churn(agent, 0);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written(c) >= 1);
            c.stopCoordinator();
            SnapshotManifest good = manifests(c).get(0);
            // A newer manifest whose chunks do not match it: a torn or corrupted snapshot.
            SnapshotManifest bad = new SnapshotManifest(SnapshotManifest.VERSION, good.id() + 1, good.imageFormat(),
                    good.inodePartitions(), good.journalOffset(), good.journalEntries() + 1, good.nextStep(),
                    good.nextSeq(), good.positions(), good.clock(), null, good.createdAt(), good.firstChunkOffset(),
                    good.lastChunkOffset(), good.chunks(), good.bytes(), "00".repeat(32), "corrupter");
            try (KafkaProducer<String, byte[]> p = ClientSettings.producer(c.bootstrap, "corrupter").newProducer()) {
                p.send(new ProducerRecord<>(c.topics.snapshots(), SnapshotStore.MANIFESTS,
                        SnapshotStore.manifestKey(bad.id()), bad.toBytes())).get();
                p.send(new ProducerRecord<>(c.topics.snapshots(), SnapshotStore.MANIFESTS, "manifest-x",
                        "not json".getBytes())).get();
            }
            try (KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(c.bootstrap, "snapshot-test").newConsumer()) {
                assertThatThrownBy(() -> SnapshotStore.image(consumer, c.topics.snapshots(), bad))
                        .hasMessageContaining("but 0 chunk(s) of 0 bytes were found");
            }
            deleteCoveredBy(c, good, false);
            c.startCoordinator(c.config().withSnapshots(OFTEN));
            assertThat(c.coordinator.loadedFrom()).startsWith("snapshot " + good.id() + " ");
            c.assertLogConsistent();
        }
    }

    @Test
    void aLogWhoseBeginningIsGonePastEverySnapshotIsRefusedWithWhatToDo() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator(c.config().withSnapshots(OFTEN));
            NodeAgent agent = c.agent("gone");
            churn(agent, 0);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written(c) >= 1);
            agent.close();
            c.stopCoordinator();
            deleteCoveredBy(c, manifests(c).get(0), true);
            assertThatThrownBy(() -> c.startCoordinator(c.config().withSnapshots(OFTEN)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the beginning of the log was deleted")
                    .hasMessageContaining("which ends before the log's beginning")
                    .hasMessageContaining("What to do: restore topic '" + c.topics.snapshots() + "'");
        }
    }
}
