package io.daxseal.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What the coordinator remembers of one agent id (rule 13): its highest registered incarnation,
 * live or not. Lower ones are judged by comparison with it (rule 2), so they are not kept, with one
 * short-lived exception: a live incarnation that a newer registration replaced is kept until the
 * decisions of that registration have dropped its seals and fenced it (rule 8).
 */
final class AgentRecord {

    final String agent;
    private Incarnation highest;
    /** The incarnation {@link #highest} replaced while it was live, until it is fenced; else {@code null}. */
    private Incarnation replaced;

    AgentRecord(String agent) {
        this.agent = agent;
    }

    Incarnation highest() {
        return highest;
    }

    /** Registers a higher incarnation; the caller checked that it is higher. */
    void register(Incarnation incarnation) {
        if (highest != null && highest.isLive()) {
            replaced = highest;
        }
        highest = incarnation;
    }

    /** Rebuilds the record from an image: {@link #remembered()}'s order, lowest first. */
    void restore(Incarnation incarnation) {
        if (highest != null) {
            replaced = highest;
        }
        highest = incarnation;
    }

    /** An incarnation ended: a replaced one is forgotten now. */
    void ended(Incarnation incarnation) {
        if (replaced == incarnation) {
            replaced = null;
        }
    }

    Incarnation get(long number) {
        Incarnation h = highest;
        if (h != null && h.number == number) {
            return h;
        }
        Incarnation r = replaced;
        return r != null && r.number == number ? r : null;
    }

    /** The incarnations remembered, lowest first: the highest, and a replaced one until it is fenced. */
    List<Incarnation> remembered() {
        List<Incarnation> all = new ArrayList<>(2);
        if (replaced != null) {
            all.add(replaced);
        }
        if (highest != null) {
            all.add(highest);
        }
        return all;
    }
}
