package io.daxseal.events;

import java.util.Objects;

/**
 * The names of the Kafka topics of PROTOCOL.md ("Topics"), shared by agents, requesters and the
 * coordinator. Names are configurable; {@link #DEFAULT} holds the protocol's defaults. Only names
 * live here: the wire contract has no Kafka dependency.
 *
 * @param inodeLog every event about one inode, keyed by inode key
 * @param agentLog agent registration, heartbeats, exits and leaving, and the coordinator's agent decisions
 * @param agentInbox copies of the decisions an agent must act on, keyed by agent id
 * @param journal the coordinator's own record of the order and time in which it read its inputs
 *     (not part of the agents' contract: only coordinators and log tools read it)
 */
public record Topics(String inodeLog, String agentLog, String agentInbox, String journal) {

    /** The protocol's default names. */
    public static final Topics DEFAULT = withPrefix("daxseal.");

    public Topics {
        Objects.requireNonNull(inodeLog, "inodeLog");
        Objects.requireNonNull(agentLog, "agentLog");
        Objects.requireNonNull(agentInbox, "agentInbox");
        Objects.requireNonNull(journal, "journal");
    }

    /**
     * The coordinator's snapshots (compacted; read only by coordinators and log tools): the
     * journal's name with {@code -snapshots} appended, so one setting names both.
     */
    public String snapshots() {
        return journal + "-snapshots";
    }

    /** The default names with another prefix than {@code daxseal.} (one cluster, many daxseal deployments or tests). */
    public static Topics withPrefix(String prefix) {
        return new Topics(prefix + "inode-log", prefix + "agent-log", prefix + "agent-inbox",
                prefix + "coordinator-journal");
    }
}
