package io.daxseal.core;

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
 *
 * <p>Each key has one {@link Slot} that remembers which queue entry is current, so checking an
 * entry at the head of the queue (twice per input) needs no hash lookup.
 */
final class Timers {

    /** One pending timer. */
    record Timer(long fireAt, long armedSeq, TimerKey key) {
    }

    /** A queue entry and the slot of its key. */
    private record Entry(long fireAt, long seq, Slot slot) {
    }

    /** The current arming of one key; {@code seq} is -1 when it is not armed. */
    private static final class Slot {
        final TimerKey key;
        long seq = -1;

        Slot(TimerKey key) {
            this.key = key;
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.fireAt, b.fireAt);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final Map<TimerKey, Slot> slots = new HashMap<>();
    private long nextSeq;

    /** Arms (or re-arms) the timer of {@code key} to fire at {@code fireAt}. */
    void arm(TimerKey key, long fireAt) {
        Slot slot = slots.computeIfAbsent(key, Slot::new);
        slot.seq = nextSeq++;
        queue.add(new Entry(fireAt, slot.seq, slot));
    }

    void cancel(TimerKey key) {
        Slot slot = slots.remove(key);
        if (slot != null) {
            slot.seq = -1;
        }
    }

    /** The earliest firing time of an armed timer. */
    OptionalLong nextFireAt() {
        Entry head = head();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head.fireAt);
    }

    /** Removes and returns the earliest armed timer if it fires at or before {@code time}. */
    Timer pollDue(long time) {
        Entry head = head();
        if (head == null || head.fireAt > time) {
            return null;
        }
        queue.poll();
        cancel(head.slot.key);
        return new Timer(head.fireAt, head.seq, head.slot.key);
    }

    /** The armed timers, earliest first: for display and debugging. */
    List<Timer> pending() {
        List<Entry> current = new ArrayList<>(slots.size());
        for (Entry e : queue) {
            if (e.slot.seq == e.seq) {
                current.add(e);
            }
        }
        current.sort(queue.comparator());
        return current.stream().map(e -> new Timer(e.fireAt, e.seq, e.slot.key)).toList();
    }

    private Entry head() {
        Entry head = queue.peek();
        while (head != null && head.slot.seq != head.seq) {
            queue.poll(); // replaced or cancelled
            head = queue.peek();
        }
        return head;
    }
}
