package io.daxseal.agent.core;

import io.daxseal.events.IncarnationRef;
import io.daxseal.agent.core.AgentEffect.GrantCompleted;
import io.daxseal.agent.core.AgentEffect.GrantDenied;
import io.daxseal.agent.core.AgentEffect.GrantsAbandoned;
import io.daxseal.agent.core.AgentEffect.IncarnationEnded;
import io.daxseal.agent.core.AgentEffect.Publish;
import io.daxseal.agent.core.AgentEffect.RecallDelivered;
import io.daxseal.agent.core.AgentEffect.Revoked;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.Decision;
import io.daxseal.events.IncarnationScoped;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealRef;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node agent's state and rules, with no threads, no clock and no I/O: every input carries the
 * time it happened, and every answer is a list of {@link AgentEffect}s for the transport to carry
 * out. What it holds:
 * <ul>
 *   <li>{@code status}: an {@link AgentStatus}, changed only by {@link #transition} (checked);</li>
 *   <li>{@code incarnation}: the one live, or the one registering;</li>
 *   <li>{@code held}: the seals granted to this incarnation, in grant order;</li>
 *   <li>{@code pending}: requests published and not yet answered;</li>
 *   <li>{@code lease}: the agent's side of the lease (S5), a {@link LeaseKeeper}.</li>
 * </ul>
 *
 * <p>S5 comes first everywhere: every input that could hand out, list or renew a seal first checks
 * the lease at its own time, so that after a pause longer than the lease nothing is presented as
 * valid before the seals were revoked.
 *
 * <p>Not thread-safe: the transport ({@code NodeAgent}) calls it under one lock and carries out the
 * effects outside it.
 */
public final class AgentCore {

    private final String agentId;
    private final long ttlMs;
    private final long marginMs;
    private final LeaseKeeper lease;
    private AgentStatus status = AgentStatus.REGISTERING;
    private long incarnation;
    private long heartbeatSeq;
    private final Map<SealRef, HeldSeal> held = new LinkedHashMap<>();
    private final Map<SealRef, SealRequest> pending = new LinkedHashMap<>();

    public AgentCore(String agentId, long ttlMs, long revokeMarginMs) {
        this.agentId = agentId;
        this.ttlMs = ttlMs;
        this.marginMs = revokeMarginMs;
        this.lease = new LeaseKeeper(ttlMs, revokeMarginMs);
    }

    // ----------------------------------------------------------------------------------- reads

    public AgentStatus status() {
        return status;
    }

    /** The current incarnation (the one registering, if none is live); 0 before the first. */
    public long incarnation() {
        return incarnation;
    }

    /** The seals held now, in grant order. Check the lease first ({@link #checkLease}). */
    public List<HeldSeal> held() {
        return List.copyOf(held.values());
    }

    /** The requests waiting for an answer. */
    public Set<SealRef> pending() {
        return Set.copyOf(pending.keySet());
    }

    /** The processes that hold seals now (for the transport's process watch). */
    public Set<ProcessRef> holders() {
        Set<ProcessRef> processes = new LinkedHashSet<>();
        held.values().forEach(s -> processes.add(s.process()));
        return processes;
    }

    /** When the seals must be revoked unless another acknowledgement comes. */
    public long revokeAt() {
        return lease.revokeAt();
    }

    // ---------------------------------------------------------------------------- registration

    /** A new incarnation is being registered (the first one, or after the last one ended). */
    public void beginRegistration(long newIncarnation) {
        if (status == AgentStatus.CLOSED || status == AgentStatus.LIVE) {
            throw new IllegalStateException("agent " + agentId + " is " + status + ": no registration now");
        }
        if (newIncarnation <= incarnation) {
            throw new IllegalArgumentException("incarnation " + newIncarnation + " is not above " + incarnation);
        }
        incarnation = newIncarnation;
        heartbeatSeq = 0;
    }

    /**
     * The broker acknowledged the registration of {@code inc}, sent at {@code sentAt}: the lease starts.
     *
     * @return whether the agent is live now (false when the agent closed or another incarnation registers)
     */
    public boolean registered(long inc, long sentAt) {
        if (inc != incarnation || status == AgentStatus.CLOSED || status == AgentStatus.LIVE) {
            return false;
        }
        lease.started(sentAt);
        transition(AgentStatus.LIVE);
        return true;
    }

    // ----------------------------------------------------------------------------------- seals

    /**
     * Asks for a seal named {@code ref}. Its id is the transport's, and must never have been used by
     * this incarnation before (protocol v2: the coordinator judges duplicates against live seals
     * only), except to retry a denied request.
     */
    public List<AgentEffect> request(SealRef ref, SealRequest request, long now) {
        List<AgentEffect> effects = checkLease(now);
        if (status != AgentStatus.LIVE) {
            effects.add(new GrantsAbandoned(List.of(ref), "agent " + agentId + " is " + status.name().toLowerCase()
                    + "; no seal can be requested now"));
            return effects;
        }
        if (pending.containsKey(ref) || held.containsKey(ref)) {
            throw new IllegalArgumentException("seal " + ref + " is already requested or held");
        }
        pending.put(ref, request);
        effects.add(new Publish(new SealRequested(now, ref.seal(), agentId, incarnation, request.process(),
                request.inode(), request.range(), request.kind())));
        return effects;
    }

    /** The request for {@code ref} failed to publish, or its requester gave up waiting. */
    public void abandon(SealRef ref) {
        pending.remove(ref);
    }

    /** Releases a held seal; nothing to tell when it is already gone (broken, revoked, released). */
    public List<AgentEffect> release(HeldSeal seal, ReleaseReason reason, long now) {
        SealRef ref = seal.ref();
        if (seal.incarnation() != incarnation || held.remove(ref) == null) {
            return new ArrayList<>();
        }
        return effects(new Publish(new SealReleased(now, seal.seal(), agentId, seal.incarnation(), seal.inode(), reason)));
    }

    // ----------------------------------------------------------------------------------- lease

    /** The heartbeat timer fired: publish the next heartbeat, unless the lease already ran out. */
    public List<AgentEffect> heartbeatDue(long now) {
        List<AgentEffect> effects = checkLease(now);
        if (!effects.isEmpty() || status != AgentStatus.LIVE) {
            return effects; // a heartbeat after the deadline must not look like renewal
        }
        effects.add(new Publish(new AgentHeartbeat(now, agentId, incarnation, ++heartbeatSeq)));
        return effects;
    }

    /** The broker acknowledged, at {@code ackedAt}, a heartbeat of {@code inc} sent at {@code sentAt}. */
    public void heartbeatAcked(long inc, long sentAt, long ackedAt) {
        if (inc == incarnation && status == AgentStatus.LIVE) {
            lease.acked(sentAt, ackedAt);
        }
    }

    /**
     * S5: when, at {@code now}, no heartbeat was acknowledged for {@code ttl − margin}, every seal is
     * revoked and a new incarnation must register. Empty when the lease holds.
     */
    public List<AgentEffect> checkLease(long now) {
        if (status != AgentStatus.LIVE || !lease.inDoubt(now)) {
            return new ArrayList<>();
        }
        return endIncarnation("lease-in-doubt", "no heartbeat acknowledged since " + lease.lastAckedSentAt() + " (ttl "
                + ttlMs + " ms, margin " + marginMs + " ms): revoking before the coordinator could expire the lease",
                RevokeReason.LEASE_IN_DOUBT, now, true);
    }

    // ------------------------------------------------------------------------------- decisions

    /** A decision read from the agent's inbox; decisions for other agents or incarnations change nothing. */
    public List<AgentEffect> onDecision(Decision decision, long now) {
        if (!(decision instanceof IncarnationScoped scoped) || !scoped.agent().equals(agentId)
                || scoped.incarnation() != incarnation) {
            return new ArrayList<>();
        }
        return switch (decision) {
            case SealGranted g -> granted(g, now);
            case SealDenied d -> {
                SealRequest request = pending.remove(new SealRef(d.inode(), d.seal()));
                yield request == null ? new ArrayList<>() : effects(new GrantDenied(new SealRef(d.inode(), d.seal()),
                        d.reason()));
            }
            case SealRecalled r -> {
                HeldSeal seal = held.get(new SealRef(r.inode(), r.seal()));
                yield seal == null ? new ArrayList<>() : effects(new RecallDelivered(new Recall(seal, r.op(), r.deadline())));
            }
            case SealBroken b -> {
                HeldSeal seal = held.remove(new SealRef(b.inode(), b.seal()));
                yield seal == null ? new ArrayList<>() : effects(new Revoked(List.of(seal), RevokeReason.BROKEN));
            }
            case AgentFenced f -> ended(f.incarnation(), "fenced (" + f.cause().wire() + ")", now);
            case AgentExpired e -> ended(e.incarnation(), "expired", now);
            default -> new ArrayList<>();
        };
    }

    private List<AgentEffect> granted(SealGranted g, long now) {
        SealRef ref = new SealRef(g.inode(), g.seal());
        SealRequest r = status == AgentStatus.LIVE ? pending.remove(ref) : null;
        if (r == null) {
            // Not asked for, granted after the requester gave up, or after the incarnation's seals were revoked:
            // nobody holds it, so hand it back at once (protocol v2: reason orphan). A v2 coordinator does not
            // remember ended ids, so a grant left unanswered would stay live until the lease ends.
            return effects(new Publish(new SealReleased(now, g.seal(), agentId, g.incarnation(), g.inode(),
                    ReleaseReason.ORPHAN)));
        }
        HeldSeal seal = new HeldSeal(g.seal(), g.incarnation(), g.inode(), r.range(), r.kind(), r.process(), g.token(),
                g.at());
        held.put(ref, seal);
        return effects(new GrantCompleted(ref, seal));
    }

    private List<AgentEffect> ended(long inc, String how, long now) {
        List<AgentEffect> effects = checkLease(now);
        if (!effects.isEmpty() || inc != incarnation || status != AgentStatus.LIVE) {
            return effects; // woke from a pause to the news: the lease had run out first, and that is what revoked
        }
        return endIncarnation("coordinator", "incarnation " + inc + " was " + how + " by the coordinator",
                RevokeReason.INCARNATION_ENDED, now, true);
    }

    // ------------------------------------------------------------------------------- processes

    /** A process that held seals exited: its seals are released on its behalf (rule 4). */
    public List<AgentEffect> processExited(ProcessRef process, long now) {
        if (status != AgentStatus.LIVE) {
            return new ArrayList<>();
        }
        List<HeldSeal> gone = new ArrayList<>();
        held.values().removeIf(s -> s.process().equals(process) && gone.add(s));
        if (gone.isEmpty()) {
            return new ArrayList<>();
        }
        return effects(new Publish(new ProcessExited(now, agentId, incarnation, process)),
                new Revoked(gone, RevokeReason.PROCESS_EXITED));
    }

    // ------------------------------------------------------------------------------------- end

    /** Graceful shutdown: revokes every seal and, when live, publishes {@code agent.left}. */
    public List<AgentEffect> close(long now) {
        if (status == AgentStatus.CLOSED) {
            return new ArrayList<>();
        }
        if (status != AgentStatus.LIVE) {
            List<AgentEffect> effects = abandonPending("agent " + agentId + " is closing");
            transition(AgentStatus.CLOSED);
            return effects;
        }
        long inc = incarnation;
        List<AgentEffect> effects = endIncarnation("shutdown", "closing", RevokeReason.SHUTDOWN, now, false);
        transition(AgentStatus.CLOSED);
        effects.add(new Publish(new AgentLeft(now, agentId, inc)));
        return effects;
    }

    /** Stops at once, telling no one (a crashed host): no revocation, no {@code agent.left}. */
    public List<AgentEffect> halt() {
        if (status == AgentStatus.CLOSED) {
            return new ArrayList<>();
        }
        held.clear();
        List<AgentEffect> effects = abandonPending("halted");
        transition(AgentStatus.CLOSED);
        return effects;
    }

    // -------------------------------------------------------------------------------- internals

    private List<AgentEffect> endIncarnation(String cause, String why, RevokeReason reason, long now,
                                             boolean registerAgain) {
        List<HeldSeal> revoked = new ArrayList<>(held.values());
        held.clear();
        long deadline = lease.revokeAt();
        List<AgentEffect> effects = new ArrayList<>();
        effects.add(new IncarnationEnded(incarnation, cause, why, deadline, now, revoked, registerAgain));
        effects.add(new Revoked(revoked, reason));
        effects.addAll(abandonPending("agent " + new IncarnationRef(agentId, incarnation) + ": " + why));
        if (registerAgain) {
            transition(AgentStatus.REVOKED);
        }
        return effects;
    }

    private List<AgentEffect> abandonPending(String why) {
        List<AgentEffect> effects = new ArrayList<>();
        if (!pending.isEmpty()) {
            effects.add(new GrantsAbandoned(List.copyOf(pending.keySet()), why));
            pending.clear();
        }
        return effects;
    }

    private void transition(AgentStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("agent " + agentId + ": no transition from " + status + " to " + next);
        }
        status = next;
    }

    private static List<AgentEffect> effects(AgentEffect... effects) {
        return new ArrayList<>(List.of(effects));
    }
}
