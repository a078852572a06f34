package io.daxseal.agent.daemon;

import io.daxseal.agent.core.HeldSeal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's feed of recalls, releases (through its API) and revocations, numbered from 1, for file servers that long-poll
 * {@code GET /events?after=N}. Kept whole in memory for the daemon's life (bounding it is an open
 * issue).
 */
final class EventFeed {

    private final List<Map<String, Object>> events = new ArrayList<>();

    /** Adds a {@code recalled}, {@code released} or {@code revoked} event about {@code seal} with its extra fields. */
    void add(String type, HeldSeal seal, Map<String, Object> extra) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("seal", seal.seal());
        e.put("inode", seal.inode().key());
        e.put("pid", seal.process().pid());
        e.putAll(extra);
        synchronized (events) {
            e.put("n", events.size() + 1);
            events.add(e);
            events.notifyAll();
        }
    }

    /** The events numbered above {@code after}, waiting up to {@code waitMs} for one when there is none. */
    List<Map<String, Object>> after(long after, long waitMs) throws InterruptedException {
        long until = System.currentTimeMillis() + waitMs;
        synchronized (events) {
            while (events.size() <= after) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return List.of();
                }
                events.wait(left);
            }
            return List.copyOf(events.subList((int) after, events.size()));
        }
    }
}
