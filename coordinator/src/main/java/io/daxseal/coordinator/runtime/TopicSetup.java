package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the daxseal topics that are missing and reports the partition counts of all of them.
 * Existing topics are used as they are (a partition count is never changed: that would move inodes
 * between partitions and break their total order).
 *
 * <p>The logs and the journal keep records for the configured retention (default 7 days): the
 * coordinator's snapshots, in a compacted topic of their own ({@link SnapshotStore}), make loading
 * independent of what retention deleted.
 */
public final class TopicSetup {

    /**
     * The fewest partitions {@code agent-inbox} is created with. Every agent reads its inbox
     * partition and skips the other agents' decisions, so a decision wakes every agent on its
     * partition: with 16 agents on 4 partitions, four fetches per decision. More partitions cost
     * the broker little and cut that fan-out (measured: broker fetches per pin-release cycle 2.9
     * at 4 partitions, 1.9 at 32).
     */
    static final int MIN_INBOX_PARTITIONS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * Partition counts of the topics, after creating the missing ones, and whether the snapshot
     * topic exists (a log tool may look at a log whose coordinator never made one).
     */
    public record Layout(int inodePartitions, int agentPartitions, int inboxPartitions, int journalPartitions,
                         boolean snapshotTopic) {
    }

    /** Topics just created may take a moment to be known to every broker's metadata: ask again briefly. */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> names)
            throws InterruptedException, ExecutionException {
        long until = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > until) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Creates the daxseal topics that are missing, with an admin client that gives up after
     * {@code timeout} (an election needs the journal topic before any runtime starts).
     */
    public static Layout ensure(CoordinatorConfig config, Duration timeout) throws InterruptedException {
        try (Admin admin = ClientSettings.admin(config.bootstrapServers(), config.transactionalId() + "-admin", timeout)
                .newAdmin()) {
            return ensure(admin, config);
        }
    }

    static Layout ensure(Admin admin, CoordinatorConfig config) throws InterruptedException {
        var t = config.topics();
        Map<String, Integer> wanted = Map.of(
                t.inodeLog(), config.inodePartitions(),
                t.agentLog(), config.agentPartitions(),
                t.agentInbox(), Math.max(MIN_INBOX_PARTITIONS, config.agentPartitions()),
                t.journal(), 1,
                t.snapshots(), SnapshotStore.PARTITIONS);
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    Map<String, String> configs = new java.util.HashMap<>();
                    configs.put("min.insync.replicas", Integer.toString(Math.min(2, config.replicationFactor())));
                    if (name.equals(t.snapshots())) {
                        // Only the newest snapshots matter: older ones are deleted by tombstones and compaction.
                        configs.put("cleanup.policy", "compact");
                        configs.put("segment.ms", "3600000");
                        configs.put("min.cleanable.dirty.ratio", "0.1");
                    } else {
                        configs.put("retention.ms", Long.toString(config.retention().toMillis()));
                    }
                    if (name.equals(t.inodeLog()) || name.equals(t.agentLog())) {
                        // The broker's clock stamps each input: the coordinator decides what was in the log by a
                        // timer's due time before firing it (LoopStep, rule 7).
                        configs.put("message.timestamp.type", "LogAppendTime");
                    }
                    missing.add(new NewTopic(name, partitions, config.replicationFactor()).configs(configs));
                }
            });
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                    LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance creating them at the same time is fine
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, wanted.keySet());
            SnapshotStore.checkLayout(described.get(t.snapshots()).partitions().size(), t.snapshots());
            return new Layout(described.get(t.inodeLog()).partitions().size(),
                    described.get(t.agentLog()).partitions().size(),
                    described.get(t.agentInbox()).partitions().size(),
                    described.get(t.journal()).partitions().size(), true);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create or describe the daxseal topics on " + config.bootstrapServers()
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
