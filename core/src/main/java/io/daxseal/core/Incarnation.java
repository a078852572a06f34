package io.daxseal.core;

import io.daxseal.events.IncarnationRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** One incarnation of one agent: its lease, its live seals, and the seal ids it has used. */
final class Incarnation {

    final String agent;
    final long number;
    final long ttlMs;
    final long registeredAt;
    IncarnationStatus status = IncarnationStatus.LIVE;
    /** Newest heartbeat (or registration) time: the lease runs to {@code lastHeartbeatAt + ttlMs}. */
    long lastHeartbeatAt;
    final Map<SealKey, Seal> liveSeals = new HashMap<>();
    /**
     * Ids of this incarnation's seals that have ended: an id is never granted twice to one
     * incarnation on one inode. Dropped when the incarnation stops being live, because a request
     * from a dead incarnation is denied before ids are compared.
     */
    Set<SealKey> endedSeals = new HashSet<>();

    Incarnation(String agent, long number, long ttlMs, long registeredAt) {
        this.agent = agent;
        this.number = number;
        this.ttlMs = ttlMs;
        this.registeredAt = registeredAt;
        this.lastHeartbeatAt = registeredAt;
    }

    boolean isLive() {
        return status == IncarnationStatus.LIVE;
    }

    boolean hasUsed(SealKey key) {
        return liveSeals.containsKey(key) || endedSeals.contains(key);
    }

    TimerKey.Lease leaseKey() {
        return new TimerKey.Lease(agent, number);
    }

    @Override
    public String toString() {
        return new IncarnationRef(agent, number).toString();
    }
}
