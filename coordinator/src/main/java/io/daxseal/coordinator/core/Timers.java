package io.daxseal.coordinator.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * Timers as data: which key fires at which time. Due timers come out in order of firing time,
 * then of arming (PROTOCOL.md rule 7). Re-arming a key replaces its timer; the old queue entry is
 * left in place and skipped when it surfaces, which keeps every operation O(log n).
 */
final class Timers {

    /** One pending timer. */
    record Timer(long fireAt, long armedSeq, TimerKey key) {
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.fireAt, b.fireAt);
        return c != 0 ? c : Long.compare(a.armedSeq, b.armedSeq);
    });
    private final Map<TimerKey, Long> armed = new HashMap<>();
    private long nextSeq;

    /** Arms (or re-arms) the timer of {@code key} to fire at {@code fireAt}. */
    void arm(TimerKey key, long fireAt) {
        long seq = nextSeq++;
        armed.put(key, seq);
        queue.add(new Timer(fireAt, seq, key));
    }

    void cancel(TimerKey key) {
        armed.remove(key);
    }

    /** The earliest firing time of an armed timer. */
    OptionalLong nextFireAt() {
        Timer head = head();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.fireAt);
    }

    /** Removes and returns the earliest armed timer if it fires at or before {@code time}. */
    Timer pollDue(long time) {
        Timer head = head();
        if (head == null || head.fireAt > time) {
            return null;
        }
        queue.poll();
        armed.remove(head.key);
        return head;
    }

    /** The armed timers, earliest first: for display and debugging. */
    List<Timer> pending() {
        List<Timer> result = new ArrayList<>(armed.size());
        for (Timer t : queue) {
            if (isCurrent(t)) {
                result.add(t);
            }
        }
        result.sort(queue.comparator());
        return result;
    }

    int size() {
        return armed.size();
    }

    private Timer head() {
        Timer head = queue.peek();
        while (head != null && !isCurrent(head)) {
            queue.poll(); // replaced or cancelled
            head = queue.peek();
        }
        return head;
    }

    private boolean isCurrent(Timer t) {
        Long seq = armed.get(t.key);
        return seq != null && seq == t.armedSeq;
    }
}
