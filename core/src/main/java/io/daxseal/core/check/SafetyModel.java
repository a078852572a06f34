package io.daxseal.core.check;

import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.BreakCause;
import io.daxseal.events.Event;
import io.daxseal.events.IncarnationRef;
import io.daxseal.events.Inode;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRef;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.Range;
import io.daxseal.events.RejectReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealRef;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one independent safety model: S1–S3 and S7 on a log, with a model of seal and incarnation liveness
 * of its own. It follows PROTOCOL.md's definitions of "live" (rule 1) directly and shares no code
 * with the coordinator's state machine; {@code daxseal check} and the state machine's property
 * tests both use it. Feed it the log's events in the coordinator's order, calling
 * {@link #endStep()} after each input's (or timer firing's) decisions.
 *
 * <ul>
 *   <li>S1: at every {@code op.granted}, no live seal of the inode overlaps the operation's range.
 *   <li>S2: a seal ends only by an event naming it ({@code seal.released} of a live seal,
 *       {@code seal.dropped}, {@code seal.broken}); when an incarnation ends (expired, fenced,
 *       replaced, left) none of its seals may be left live after that step; no event ends a seal
 *       that is not live.
 *   <li>S3: every {@code seal.granted} goes to a registered incarnation that is live at that point.
 *   <li>S7: the tokens of an inode's grants strictly increase (so never repeat), over the whole log,
 *       whatever the coordinator forgot in between.
 * </ul>
 *
 * <p>Its memory follows the live state, like the coordinator's (protocol v2), except for S7's newest
 * token per inode ever granted: a checker must remember that to see a token repeat.
 *
 * <p>Also collects, for S5, the incarnations whose seals were broken by lease expiry.
 */
public final class SafetyModel {

    /** One seal of one incarnation; printed {@code fs:ino:gen/agent#inc/seal}. */
    public record HeldBy(IncarnationRef holder, SealRef seal) {
        @Override
        public String toString() {
            return seal.inode().key() + "/" + holder + "/" + seal.seal();
        }
    }

    /** A live seal: where it was granted, and its range. */
    private record LiveSeal(HeldBy id, Range range, String grantedAt) {
    }

    /** An incarnation that ended in the current step. */
    private record Ended(IncarnationRef incarnation, String how, String place) {
    }

    /** An incarnation whose seals were broken because its lease expired, first at {@code at}. */
    public record LeaseBreak(IncarnationRef incarnation, long at, String place) {
    }

    private final Map<String, Long> newestIncarnation = new HashMap<>();
    private final Map<IncarnationRef, String> liveIncarnations = new HashMap<>(); // -> where registered
    private final Map<Inode, Map<HeldBy, LiveSeal>> liveByInode = new HashMap<>();
    private final Map<HeldBy, Range> requested = new HashMap<>();
    /** The unfinished operations' ranges: an id names another operation once its own has ended (protocol v2). */
    private final Map<OpRef, Range> opRanges = new HashMap<>();
    private final Map<Inode, Long> newestToken = new HashMap<>();
    private final List<Ended> endedThisStep = new ArrayList<>();
    private final Map<IncarnationRef, LeaseBreak> leaseBreaks = new LinkedHashMap<>();

    private final List<Finding> s1 = new ArrayList<>();
    private final List<Finding> s2 = new ArrayList<>();
    private final List<Finding> s3 = new ArrayList<>();
    private final List<Finding> s7 = new ArrayList<>();
    private long grantsChecked;
    private long opGrantsChecked;
    private long sealEndsChecked;
    private long incarnationEndsChecked;

    /**
     * Starts the model from a coordinator's snapshot instead of an empty log, when the log before
     * it is gone (retention): its live incarnations, live seals and unfinished operations are taken
     * as the snapshot says, and checking goes on from there. S7 then knows each inode's newest token
     * only from its live seals.
     */
    public void seed(io.daxseal.core.StateSnapshot state, String place) {
        for (io.daxseal.core.StateSnapshot.IncarnationView inc : state.incarnations()) {
            newestIncarnation.merge(inc.agent(), inc.incarnation(), Math::max);
            if (inc.status() == io.daxseal.core.IncarnationStatus.LIVE) {
                liveIncarnations.put(new IncarnationRef(inc.agent(), inc.incarnation()), place);
            }
        }
        for (io.daxseal.core.StateSnapshot.InodeView view : state.inodes()) {
            Inode inode = Inode.parseKey(view.inode());
            for (io.daxseal.core.StateSnapshot.SealView seal : view.seals()) {
                HeldBy id = new HeldBy(new IncarnationRef(seal.agent(), seal.incarnation()), new SealRef(inode, seal.seal()));
                liveByInode.computeIfAbsent(inode, k -> new LinkedHashMap<>()).put(id, new LiveSeal(id, seal.range(), place));
                newestToken.merge(inode, seal.token(), Math::max);
            }
            for (io.daxseal.core.StateSnapshot.OpView op : view.ops()) {
                opRanges.put(new OpRef(inode, op.op()), op.range());
            }
        }
    }

    /** Takes the log's next event, found at {@code place}. */
    public void accept(Event event, String place) {
        switch (event) {
            case AgentRegistered r -> {
                long newest = newestIncarnation.getOrDefault(r.agent(), 0L);
                if (r.incarnation() > newest) {
                    IncarnationRef previous = new IncarnationRef(r.agent(), newest);
                    if (liveIncarnations.remove(previous) != null) {
                        endedThisStep.add(new Ended(previous, "replaced by #" + r.incarnation(), place));
                    }
                    newestIncarnation.put(r.agent(), r.incarnation());
                    liveIncarnations.put(IncarnationRef.of(r), place);
                }
            }
            case AgentLeft l -> end(IncarnationRef.of(l), "left", place);
            case AgentExpired e -> end(IncarnationRef.of(e), "expired", place);
            case AgentFenced f -> end(IncarnationRef.of(f), "fenced (" + f.cause().wire() + ")", place);
            case AgentHeartbeat h -> { }
            case ProcessExited p -> { }
            case SealRequested r -> requested.put(new HeldBy(IncarnationRef.of(r), new SealRef(r.inode(), r.seal())),
                    r.range());
            case SealGranted g -> granted(g, place);
            case SealReleased r -> {
                // Rule 10: a release from an incarnation that is not live, or of a seal that is not live, changes nothing.
                if (liveIncarnations.containsKey(IncarnationRef.of(r))) {
                    Map<HeldBy, LiveSeal> live = liveByInode.get(r.inode());
                    if (live != null && live.remove(new HeldBy(IncarnationRef.of(r), new SealRef(r.inode(), r.seal())))
                            != null) {
                        sealEndsChecked++;
                        if (live.isEmpty()) {
                            liveByInode.remove(r.inode());
                        }
                    }
                }
            }
            case SealDropped d -> endSeal(new HeldBy(IncarnationRef.of(d), new SealRef(d.inode(), d.seal())), "dropped",
                    place);
            case SealBroken b -> {
                endSeal(new HeldBy(IncarnationRef.of(b), new SealRef(b.inode(), b.seal())), "broken", place);
                if (b.cause() == BreakCause.LEASE_EXPIRED) {
                    leaseBreaks.putIfAbsent(IncarnationRef.of(b), new LeaseBreak(IncarnationRef.of(b), b.at(), place));
                }
            }
            case OpRequested o -> opRanges.putIfAbsent(new OpRef(o.inode(), o.op()), o.range());
            case OpGranted g -> opGranted(g, place);
            case OpRejected r -> {
                if (r.reason() != RejectReason.DUPLICATE) { // a duplicate names another operation, which goes on
                    opRanges.remove(new OpRef(r.inode(), r.op()));
                }
            }
            case OpFinished f -> opRanges.remove(new OpRef(f.inode(), f.op()));
            case SealDenied d -> requested.remove(new HeldBy(IncarnationRef.of(d), new SealRef(d.inode(), d.seal())));
            case SealRecalled r -> { }
        }
    }

    private void granted(SealGranted g, String place) {
        grantsChecked++;
        IncarnationRef holder = IncarnationRef.of(g);
        HeldBy id = new HeldBy(holder, new SealRef(g.inode(), g.seal()));
        if (!liveIncarnations.containsKey(holder)) {
            long newest = newestIncarnation.getOrDefault(g.agent(), 0L);
            String why = newest == 0 ? "was never registered"
                    : g.incarnation() < newest ? "was replaced by #" + newest
                    : "had expired, been fenced or left";
            s3.add(new Finding("S3", "seal " + id + " was granted to " + holder + ", which " + why, List.of(place)));
        }
        Long newest = newestToken.put(g.inode(), g.token());
        if (newest != null && g.token() <= newest) {
            s7.add(new Finding("S7", "seal " + id + " was granted token " + g.token() + ", not above the newest token "
                    + newest + " granted on " + g.inode().key() + " before it", List.of(place)));
            newestToken.put(g.inode(), newest);
        }
        Range range = requested.remove(id);
        if (range == null) {
            s3.add(new Finding("S3", "seal " + id + " was granted without a seal.requested for it", List.of(place)));
            return;
        }
        liveByInode.computeIfAbsent(g.inode(), k -> new LinkedHashMap<>()).put(id, new LiveSeal(id, range, place));
    }

    private void opGranted(OpGranted g, String place) {
        opGrantsChecked++;
        Range range = opRanges.get(new OpRef(g.inode(), g.op()));
        if (range == null) {
            s1.add(new Finding("S1", "op " + g.op() + " on " + g.inode().key() + " was granted without an "
                    + "op.requested for it", List.of(place)));
            return;
        }
        for (LiveSeal s : liveByInode.getOrDefault(g.inode(), Map.of()).values()) {
            if (s.range().overlaps(range)) {
                s1.add(new Finding("S1", "op " + g.op() + " " + range + " was granted while seal " + s.id()
                        + " " + s.range() + " was live", List.of(place, "granted at " + s.grantedAt())));
            }
        }
    }

    /** Closes a step: incarnations that ended in it must have no live seal left (S2). */
    public void endStep() {
        for (Ended ended : endedThisStep) {
            incarnationEndsChecked++;
            for (Map<HeldBy, LiveSeal> live : liveByInode.values()) {
                live.values().removeIf(s -> {
                    if (!s.id().holder().equals(ended.incarnation())) {
                        return false;
                    }
                    s2.add(new Finding("S2", "incarnation " + ended.incarnation() + " " + ended.how() + ", but its seal "
                            + s.id() + " was never released, dropped or broken: it stopped being live silently",
                            List.of(ended.place(), "granted at " + s.grantedAt())));
                    return true;
                });
            }
        }
        endedThisStep.clear();
    }

    public List<Finding> s1() {
        return List.copyOf(s1);
    }

    public List<Finding> s2() {
        return List.copyOf(s2);
    }

    public List<Finding> s3() {
        return List.copyOf(s3);
    }

    public List<Finding> s7() {
        return List.copyOf(s7);
    }

    public long grantsChecked() {
        return grantsChecked;
    }

    public long opGrantsChecked() {
        return opGrantsChecked;
    }

    public long sealEndsChecked() {
        return sealEndsChecked;
    }

    public long incarnationEndsChecked() {
        return incarnationEndsChecked;
    }

    /** The incarnations whose seals were broken for lease expiry (S5 judges them), by incarnation. */
    public Map<IncarnationRef, LeaseBreak> leaseBreaks() {
        return Map.copyOf(leaseBreaks);
    }

    /** The operations requested and not yet ended, by the model's own reading. */
    public Set<OpRef> unfinishedOps() {
        return Set.copyOf(opRanges.keySet());
    }

    /** The seals live now, by the model's own reading. */
    public Set<HeldBy> liveSeals() {
        Set<HeldBy> all = new LinkedHashSet<>();
        liveByInode.values().forEach(m -> all.addAll(m.keySet()));
        return all;
    }

    private void end(IncarnationRef incarnation, String how, String place) {
        if (liveIncarnations.remove(incarnation) != null) {
            endedThisStep.add(new Ended(incarnation, how, place));
        }
    }

    private void endSeal(HeldBy id, String how, String place) {
        sealEndsChecked++;
        Map<HeldBy, LiveSeal> live = liveByInode.get(id.seal().inode());
        if (live == null || live.remove(id) == null) {
            s2.add(new Finding("S2", "seal " + id + " was " + how + " but was not live (never granted, or ended twice)",
                    List.of(place)));
        } else if (live.isEmpty()) {
            liveByInode.remove(id.seal().inode());
        }
    }
}
