package io.daxseal.coordinator.runtime;

import io.daxseal.events.Topics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a coordinator instance runs.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topics topic names
 * @param inodePartitions partitions of {@code inode-log} when the coordinator creates it
 * @param agentPartitions partitions of {@code agent-log} when it creates it, and of {@code agent-inbox}
 *                        (at least 32 there: every agent on a partition wakes for each of its decisions)
 * @param replicationFactor replication factor of the topics it creates
 * @param instanceId this instance's name, written as the key of its journal entries (who decided what)
 * @param pollTimeout the longest the loop waits for input when no timer is due sooner
 * @param clock the coordinator's clock (rule 6: heartbeats are timed by it)
 * @param stallWarning when the loop itself did not run for longer than this beyond its read's wait (a GC
 *                     pause, SIGSTOP), it says so and counts it; nothing else is needed, since a timer
 *                     fires only after the input appended by its due time was decided (rule 7)
 * @param retention how long the topics it creates keep records ({@code retention.ms}); the snapshots
 *                  make loading independent of what retention deleted
 * @param snapshots how often it writes a snapshot of its state
 */
public record CoordinatorConfig(String bootstrapServers, Topics topics, int inodePartitions, int agentPartitions,
                                short replicationFactor, String instanceId, Duration pollTimeout, InstantSource clock,
                                Duration stallWarning, Duration retention, SnapshotPolicy snapshots) {

    /** The default retention of the topics the coordinator creates: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /**
     * A snapshot is written after {@code everyDecisions} decisions or {@code every} time,
     * whichever comes first (and only when something was decided since the last one).
     */
    public record SnapshotPolicy(long everyDecisions, Duration every) {

        /** Every 100,000 decisions or 10 minutes. */
        public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(100_000, Duration.ofMinutes(10));

        public SnapshotPolicy {
            Objects.requireNonNull(every, "every");
            if (everyDecisions < 1 || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("a snapshot policy needs at least 1 decision and a positive time, not "
                        + everyDecisions + " and " + every.toMillis() + " ms");
            }
        }
    }

    public CoordinatorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topics, "topics");
        if (inodePartitions < 1 || agentPartitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("partition counts and replication factor must be at least 1");
        }
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(snapshots, "snapshots");
        if (retention.toMillis() < 60_000) {
            throw new IllegalArgumentException("retention must be at least one minute, not " + retention.toMillis() + " ms");
        }
        if (!instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' must be 1-64 of [A-Za-z0-9._-]");
        }
    }

    /**
     * Defaults: the protocol's topic names, 8 inode partitions, 4 agent partitions, replication 1,
     * instance {@code 0}, retention 7 days, a snapshot every 100,000 decisions or 10 minutes.
     */
    public static CoordinatorConfig defaults(String bootstrapServers) {
        return new CoordinatorConfig(bootstrapServers, Topics.DEFAULT, 8, 4, (short) 1, "0", Duration.ofMillis(100),
                InstantSource.system(), Duration.ofSeconds(1), DEFAULT_RETENTION, SnapshotPolicy.DEFAULT);
    }

    public CoordinatorConfig withRetention(Duration retention) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withSnapshots(SnapshotPolicy snapshots) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withTopics(Topics topics) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withPartitions(int inode, int agent) {
        return new CoordinatorConfig(bootstrapServers, topics, inode, agent, replicationFactor, instanceId, pollTimeout,
                clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withReplicationFactor(short replicationFactor) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withClock(InstantSource clock) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    public CoordinatorConfig withInstanceId(String instanceId) {
        return new CoordinatorConfig(bootstrapServers, topics, inodePartitions, agentPartitions, replicationFactor,
                instanceId, pollTimeout, clock, stallWarning, retention, snapshots);
    }

    /**
     * The transactional id names the journal, not the instance: one log has one writer, so any two
     * coordinators of the same log fence each other, whatever their instance ids. A failover to
     * another instance (or a restart) bumps the producer epoch and aborts the old writer's open
     * transaction; the old one's later writes fail with {@code ProducerFencedException}.
     */
    public String transactionalId() {
        return "daxseal-coordinator@" + topics.journal();
    }

    /** The consumer group in which the coordinators of this log elect the one that decides. */
    public String electionGroup() {
        return "daxseal-coordinator-election@" + topics.journal();
    }
}
