package io.daxseal.agent.records;

import java.util.List;

/** One line of a local record file (see {@link LocalRecordFile}). */
public sealed interface LocalRecord {

    /** A process started writing this file: a new agent process, or a requester. */
    record Started(String source, long pid, long at) implements LocalRecord {
    }

    /** The broker acknowledged the registration of an incarnation. */
    record Registered(String agent, long incarnation, long at) implements LocalRecord {
    }

    /** The broker acknowledged an event: where it is, and its exact bytes (UTF-8 JSON). */
    record Acked(String source, String topic, int partition, long offset, String event) implements LocalRecord {
    }

    /** The agent revoked every seal of an incarnation; see {@link io.daxseal.agent.AgentRecorder#revoked}. */
    record Revoked(String agent, long incarnation, String cause, long deadline, long at, List<String> seals)
            implements LocalRecord {
    }
}
