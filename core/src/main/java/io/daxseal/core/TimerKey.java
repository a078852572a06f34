package io.daxseal.core;

import io.daxseal.events.IncarnationRef;
import io.daxseal.events.Inode;

/** What a timer is for: one lease, or one operation's recall deadline. At most one timer per key. */
public sealed interface TimerKey {

    /** The lease of one agent incarnation: fires at {@code lastHeartbeat + ttlMs + 1}. */
    record Lease(String agent, long incarnation) implements TimerKey {
        @Override
        public String toString() {
            return "lease " + new IncarnationRef(agent, incarnation);
        }
    }

    /** The recall deadline of one operation: fires at {@code deadline + 1}. */
    record Recall(Inode inode, String op) implements TimerKey {
        @Override
        public String toString() {
            return "recall " + op + " on " + inode.key();
        }
    }
}
