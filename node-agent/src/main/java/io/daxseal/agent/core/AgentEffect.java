package io.daxseal.agent.core;

import io.daxseal.events.DenyReason;
import io.daxseal.events.Event;
import io.daxseal.events.SealRef;
import java.util.List;

/**
 * What the agent core asks its transport to do, as data: the core decides, the transport sends,
 * completes futures and calls the server's handlers, in the order the effects are listed.
 */
public sealed interface AgentEffect {

    /**
     * Publish an event: inode events to the inode log keyed by inode, agent events to the agent log
     * keyed by agent id. A heartbeat's acknowledgement goes back to {@link AgentCore#heartbeatAcked};
     * a {@code seal.requested} the broker does not take goes back to {@link AgentCore#abandon}.
     */
    record Publish(Event event) implements AgentEffect {
    }

    /** The request for {@code ref} was granted: complete its waiter with the held seal. */
    record GrantCompleted(SealRef ref, HeldSeal seal) implements AgentEffect {
    }

    /** The request for {@code ref} was denied. */
    record GrantDenied(SealRef ref, DenyReason reason) implements AgentEffect {
    }

    /** These requests will get no answer (no live incarnation, or it just ended): fail their waiters. */
    record GrantsAbandoned(List<SealRef> refs, String why) implements AgentEffect {
        public GrantsAbandoned {
            refs = List.copyOf(refs);
        }
    }

    /** The coordinator recalls a held seal: hand it to the server's recall handler. */
    record RecallDelivered(Recall recall) implements AgentEffect {
    }

    /** These seals are gone without the server's consent: tell its revoke handler, one call each. */
    record Revoked(List<HeldSeal> seals, RevokeReason reason) implements AgentEffect {
        public Revoked {
            seals = List.copyOf(seals);
        }

        /**
         * Whether the handler must run on the caller's thread now: S5 is about timing, so a slow recall
         * handler queued before must not delay a revocation for a lease in doubt, nor a shutdown's.
         */
        public boolean urgent() {
            return reason == RevokeReason.LEASE_IN_DOUBT || reason == RevokeReason.SHUTDOWN;
        }
    }

    /**
     * An incarnation ended on the agent's side, every seal revoked: record it (the S5 account of
     * {@code daxseal check}), and when {@code registerAgain}, register a new incarnation.
     *
     * @param cause {@code lease-in-doubt}, {@code coordinator} or {@code shutdown} (the recorder's words)
     * @param why what happened, for the log
     * @param deadline when the lease would have been in doubt ({@code Long.MAX_VALUE} before any acknowledgement)
     * @param at when the agent revoked
     */
    record IncarnationEnded(long incarnation, String cause, String why, long deadline, long at, List<HeldSeal> seals,
                            boolean registerAgain) implements AgentEffect {
        public IncarnationEnded {
            seals = List.copyOf(seals);
        }
    }
}
