package io.daxseal.core;

import io.daxseal.events.IncarnationRef;
import java.util.HashMap;
import java.util.Map;

/**
 * One incarnation of one agent: its lease and its live seals. Ended seal ids are not kept
 * (protocol v2): an agent never reuses a seal id within an incarnation.
 */
final class Incarnation {

    final String agent;
    final long number;
    final long ttlMs;
    final long registeredAt;
    IncarnationStatus status = IncarnationStatus.LIVE;
    /** Newest heartbeat (or registration) time: the lease runs to {@code lastHeartbeatAt + ttlMs}. */
    long lastHeartbeatAt;
    final Map<SealKey, Seal> liveSeals = new HashMap<>();

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

    TimerKey.Lease leaseKey() {
        return new TimerKey.Lease(agent, number);
    }

    @Override
    public String toString() {
        return new IncarnationRef(agent, number).toString();
    }
}
