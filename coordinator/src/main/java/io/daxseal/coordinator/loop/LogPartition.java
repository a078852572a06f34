package io.daxseal.coordinator.loop;

import java.util.Comparator;
import java.util.Objects;

/**
 * One partition of the coordinator's two input logs, named as its journal names it. The order puts
 * {@code agent-log} first: an agent requests seals only after its registration was acknowledged,
 * so when one read holds both, the registration must be decided first.
 *
 * @param log which log
 * @param partition the partition's number
 */
public record LogPartition(Log log, int partition) implements Comparable<LogPartition> {

    /** The two input logs, with the names the journal uses for them. */
    public enum Log {
        /** {@code agent-log}: registrations, heartbeats, process exits. */
        AGENT("agent"),
        /** {@code inode-log}: seal requests, releases, extent operations. */
        INODE("inode");

        private final String wire;

        Log(String wire) {
            this.wire = wire;
        }

        /** The name the journal gives it. */
        public String wire() {
            return wire;
        }
    }

    private static final Comparator<LogPartition> ORDER =
            Comparator.comparing(LogPartition::log).thenComparingInt(LogPartition::partition);

    public LogPartition {
        Objects.requireNonNull(log, "log");
        if (partition < 0) {
            throw new IllegalArgumentException("a partition number is never negative: " + partition);
        }
    }

    public static LogPartition agent(int partition) {
        return new LogPartition(Log.AGENT, partition);
    }

    public static LogPartition inode(int partition) {
        return new LogPartition(Log.INODE, partition);
    }

    @Override
    public int compareTo(LogPartition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return log.wire() + "-" + partition;
    }
}
