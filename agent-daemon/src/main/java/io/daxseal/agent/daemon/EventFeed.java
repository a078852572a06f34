package io.daxseal.agent.daemon;

import io.daxseal.agent.core.HeldSeal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's feed of recalls, releases (through its API) and revocations, numbered from 1, for
 * file servers that long-poll {@code GET /events?after=N}. It keeps the newest {@code capacity}
 * events only, so a daemon that runs for months does not grow: a reader that falls further behind
 * is told how many events it missed, and should then look at {@code GET /seals}.
 */
final class EventFeed {

    /** The events a daemon keeps by default: far more than a file server reads between two polls. */
    static final int DEFAULT_CAPACITY = 10_000;

    /** What a read returns: the events after the asked number, and how many between were dropped. */
    record Page(List<Map<String, Object>> events, long next, long missed) {
    }

    private final int capacity;
    private final Deque<Map<String, Object>> events = new ArrayDeque<>();
    /** The number of the newest event (0 before the first). */
    private long newest;

    EventFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds a {@code recalled}, {@code released} or {@code revoked} event about {@code seal} with its extra fields. */
    void add(String type, HeldSeal seal, Map<String, Object> extra) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("seal", seal.seal());
        e.put("inode", seal.inode().key());
        e.put("pid", seal.process().pid());
        e.putAll(extra);
        synchronized (events) {
            e.put("n", ++newest);
            events.addLast(e);
            if (events.size() > capacity) {
                events.removeFirst();
            }
            events.notifyAll();
        }
    }

    /** The events numbered above {@code after}, waiting up to {@code waitMs} for one when there is none. */
    Page after(long after, long waitMs) throws InterruptedException {
        long until = System.currentTimeMillis() + waitMs;
        synchronized (events) {
            while (newest <= after) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return new Page(List.of(), Math.max(after, newest), 0);
                }
                events.wait(left);
            }
            long oldest = newest - events.size() + 1;
            long missed = Math.max(0, oldest - 1 - after);
            List<Map<String, Object>> page = new ArrayList<>();
            for (Map<String, Object> e : events) {
                if ((long) e.get("n") > after) {
                    page.add(e);
                }
            }
            return new Page(List.copyOf(page), newest, missed);
        }
    }
}
