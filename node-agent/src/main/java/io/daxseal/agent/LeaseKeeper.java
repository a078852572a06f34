package io.daxseal.agent;

/**
 * The agent's side of the lease (PROTOCOL.md S5), as pure arithmetic: no threads, no clock of its
 * own. The agent reports when a registration or heartbeat it sent at time {@code t} (its clock) was
 * acknowledged by the broker; the lease is in doubt from {@code lastAckedSentAt + ttl − margin}.
 *
 * <p>Why the send time and not the ack time: the coordinator measures the lease from when it
 * <em>reads</em> the heartbeat, which is never before it was sent, so counting from the send time
 * is the conservative bound. The margin covers the gap between this check's ticks, the time the
 * server needs to tear down its registrations, and clock rate drift.
 *
 * <p>Not thread-safe; {@link NodeAgent} calls it under its lock.
 */
public final class LeaseKeeper {

    private final long ttlMs;
    private final long marginMs;
    private long lastAckedSentAt = Long.MIN_VALUE;

    public LeaseKeeper(long ttlMs, long marginMs) {
        if (marginMs <= 0 || marginMs >= ttlMs) {
            throw new IllegalArgumentException("margin must be in (0, ttl)");
        }
        this.ttlMs = ttlMs;
        this.marginMs = marginMs;
    }

    /** A new incarnation's registration, sent at {@code sentAt}, was acknowledged: the lease starts. */
    public void started(long sentAt) {
        lastAckedSentAt = sentAt;
    }

    /**
     * A heartbeat sent at {@code sentAt} was acknowledged. Acks may arrive out of order.
     *
     * <p>A heartbeat sent when the lease was already in doubt extends nothing: the coordinator may
     * have expired the incarnation by then, so its seals are gone whatever the broker says now. This
     * matters after a long pause (GC, SIGSTOP): the heartbeat timer fires first thing on waking, and
     * its acknowledgement must not revive a lease that ran out while the process slept.
     */
    public void acked(long sentAt) {
        if (sentAt >= revokeAt()) {
            return;
        }
        if (sentAt > lastAckedSentAt) {
            lastAckedSentAt = sentAt;
        }
    }

    /** When the seals must be revoked unless another acknowledgement comes; {@code Long.MAX_VALUE} before any. */
    public long revokeAt() {
        return lastAckedSentAt == Long.MIN_VALUE ? Long.MAX_VALUE : lastAckedSentAt + ttlMs - marginMs;
    }

    /** Whether, at {@code now}, the lease is in doubt and the seals must go. */
    public boolean inDoubt(long now) {
        return now >= revokeAt();
    }

    /** The send time of the newest acknowledged registration or heartbeat. */
    public long lastAckedSentAt() {
        return lastAckedSentAt;
    }
}
