package io.daxseal.coordinator.core;

import java.util.TreeMap;

/** Every registered incarnation of one agent id, and the highest one. */
final class AgentRecord {

    final String agent;
    final TreeMap<Long, Incarnation> incarnations = new TreeMap<>();

    AgentRecord(String agent) {
        this.agent = agent;
    }

    Incarnation highest() {
        var last = incarnations.lastEntry();
        return last == null ? null : last.getValue();
    }
}
