package io.daxseal.coordinator.runtime;

/**
 * Notices stalls of the loop itself (a GC pause, SIGSTOP, a commit that hung). After one, the
 * heartbeats of the stall are waiting unread, and firing the lease timers first (rule 7) would
 * expire agents whose heartbeats the broker acknowledged: they trust their lease and did not
 * self-revoke, so their seals would be broken behind their backs (S5; found by the chaos harness's
 * coordinator stall). So, as after loading (rule 6), every live lease gets a full ttl, recorded as
 * a journal entry so that replay does the same. A stall is the time since the previous poll
 * returned beyond what this poll was allowed to wait; normal work (deciding and committing a
 * batch) stays far below the threshold. Pure: the loop passes the times in.
 */
final class StallWatch {

    private final long thresholdMs;
    /** When the previous poll returned, on the coordinator's clock. */
    private long previousReadAt = Long.MIN_VALUE;
    /** A stall was seen and its re-arm is still to be made (before any timer fires or input is read at the new time). */
    private boolean rearmPending;

    StallWatch(long thresholdMs) {
        this.thresholdMs = thresholdMs;
    }

    /**
     * A poll allowed to wait {@code waitMs} returned at {@code readAt}.
     *
     * @return how long the loop stalled beyond that, when it is over the threshold (a re-arm is now
     *     pending); else 0
     */
    long polled(long readAt, long waitMs) {
        long stalled = previousReadAt == Long.MIN_VALUE ? 0 : readAt - previousReadAt - waitMs;
        previousReadAt = readAt;
        if (stalled > thresholdMs) {
            rearmPending = true;
            return stalled;
        }
        return 0;
    }

    /** Whether a re-arm is pending; taking it clears it. */
    boolean takeRearm() {
        boolean pending = rearmPending;
        rearmPending = false;
        return pending;
    }

    /** The state was (re)loaded at {@code now}, which re-armed every lease already: time from here on. */
    void loaded(long now) {
        previousReadAt = now;
        rearmPending = false;
    }
}
