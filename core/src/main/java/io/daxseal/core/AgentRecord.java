package io.daxseal.core;

import java.util.TreeMap;

/** Every registered incarnation of one agent id, and the highest one. */
final class AgentRecord {

    final String agent;
    final TreeMap<Long, Incarnation> incarnations = new TreeMap<>();
    /** The highest registered incarnation: the only one that can be live, and the one most inputs name. */
    private Incarnation highest;

    AgentRecord(String agent) {
        this.agent = agent;
    }

    Incarnation highest() {
        return highest;
    }

    void add(Incarnation incarnation) {
        incarnations.put(incarnation.number, incarnation);
        if (highest == null || incarnation.number > highest.number) {
            highest = incarnation;
        }
    }

    Incarnation get(long number) {
        Incarnation h = highest;
        return h != null && h.number == number ? h : incarnations.get(number);
    }
}
