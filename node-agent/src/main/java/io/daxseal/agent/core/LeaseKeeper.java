package io.daxseal.agent.core;

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
 * <p>Not thread-safe; {@link AgentCore} owns it.
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
     * A heartbeat sent at {@code sentAt} was acknowledged at {@code ackedAt}. Acks may arrive out of order.
     *
     * <p>An acknowledgement that arrives once the lease is already in doubt extends nothing. The
     * coordinator times the lease from the heartbeats it has read; by the deadline it may have
     * expired this incarnation without having read this heartbeat (the broker was restarting, the
     * coordinator was behind), and then no later acknowledgement can bring the seals back. An
     * acknowledgement before the deadline is safe: the heartbeat was in the log at least
     * {@code margin} before the coordinator could expire the lease, and the coordinator reads what
     * was appended before a timer's due time before it fires it. This also covers a long pause
     * (GC, SIGSTOP): the heartbeat timer fires first on waking, and its acknowledgement comes too
     * late to revive the lease. (Both found by the chaos harness.)
     */
    public void acked(long sentAt, long ackedAt) {
        if (ackedAt >= revokeAt()) {
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
