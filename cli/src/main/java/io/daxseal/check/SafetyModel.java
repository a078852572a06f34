package io.daxseal.check;

import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.BreakCause;
import io.daxseal.events.Event;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S1–S3 on a log, with a model of seal and incarnation liveness of its own: it follows PROTOCOL.md's
 * definitions of "live" (rule 1) directly and shares no code with the coordinator's state machine.
 * Feed it the log's events in the coordinator's order, calling {@link #endStep()} after each
 * input's (or timer firing's) decisions.
 *
 * <ul>
 *   <li>S1: at every {@code op.granted}, no live seal of the inode overlaps the operation's range.
 *   <li>S2: a seal ends only by an event naming it ({@code seal.released} of a live seal,
 *       {@code seal.dropped}, {@code seal.broken}); when an incarnation ends (expired, fenced,
 *       replaced, left) none of its seals may be left live after that step; no event ends a seal
 *       that is not live.
 *   <li>S3: every {@code seal.granted} goes to a registered incarnation that is live at that point.
 * </ul>
 *
 * <p>Also collects, for S5, the incarnations whose seals were broken by lease expiry.
 */
final class SafetyModel {

    /** A live seal: where it was granted, and its range. */
    private record LiveSeal(String key, String agentInc, Range range, String grantedAt) {
    }

    /** An incarnation whose seals were broken because its lease expired, first at {@code at}. */
    record LeaseBreak(String agent, long incarnation, long at, String place) {
    }

    private final Map<String, Long> newestIncarnation = new HashMap<>();
    private final Map<String, String> liveIncarnations = new HashMap<>(); // agent#inc -> where registered
    private final Map<String, Map<String, LiveSeal>> liveByInode = new HashMap<>();
    private final Map<String, Range> requested = new HashMap<>();
    private final Map<String, Range> opRanges = new HashMap<>();
    private final List<String[]> endedThisStep = new ArrayList<>(); // {agent#inc, how, place}
    private final Map<String, LeaseBreak> leaseBreaks = new LinkedHashMap<>();

    final List<Finding> s1 = new ArrayList<>();
    final List<Finding> s2 = new ArrayList<>();
    final List<Finding> s3 = new ArrayList<>();
    long grantsChecked;
    long opGrantsChecked;
    long sealEndsChecked;
    long incarnationEndsChecked;

    void accept(Event event, String place) {
        switch (event) {
            case AgentRegistered r -> {
                long newest = newestIncarnation.getOrDefault(r.agent(), 0L);
                if (r.incarnation() > newest) {
                    String previous = r.agent() + "#" + newest;
                    if (liveIncarnations.remove(previous) != null) {
                        endedThisStep.add(new String[] {previous, "replaced by #" + r.incarnation(), place});
                    }
                    newestIncarnation.put(r.agent(), r.incarnation());
                    liveIncarnations.put(r.agent() + "#" + r.incarnation(), place);
                }
            }
            case AgentLeft l -> end(l.agent() + "#" + l.incarnation(), "left", place);
            case AgentExpired e -> end(e.agent() + "#" + e.incarnation(), "expired", place);
            case AgentFenced f -> end(f.agent() + "#" + f.incarnation(), "fenced (" + f.cause().wire() + ")", place);
            case AgentHeartbeat h -> { }
            case ProcessExited p -> { }
            case SealRequested r -> requested.put(sealKey(r.inode().key(), r.agent(), r.incarnation(), r.seal()), r.range());
            case SealGranted g -> {
                grantsChecked++;
                String agentInc = g.agent() + "#" + g.incarnation();
                String key = sealKey(g.inode().key(), g.agent(), g.incarnation(), g.seal());
                if (!liveIncarnations.containsKey(agentInc)) {
                    long newest = newestIncarnation.getOrDefault(g.agent(), 0L);
                    String why = newest == 0 ? "was never registered"
                            : g.incarnation() < newest ? "was replaced by #" + newest
                            : "had expired, been fenced or left";
                    s3.add(new Finding("S3", "seal " + key + " was granted to " + agentInc + ", which " + why,
                            List.of(place)));
                }
                Range range = requested.get(key);
                if (range == null) {
                    s3.add(new Finding("S3", "seal " + key + " was granted without a seal.requested for it", List.of(place)));
                    return;
                }
                liveByInode.computeIfAbsent(g.inode().key(), k -> new LinkedHashMap<>())
                        .put(key, new LiveSeal(key, agentInc, range, place));
            }
            case SealReleased r -> {
                // Rule 10: a release from an incarnation that is not live, or of a seal that is not live, changes nothing.
                if (liveIncarnations.containsKey(r.agent() + "#" + r.incarnation())) {
                    Map<String, LiveSeal> live = liveByInode.get(r.inode().key());
                    if (live != null && live.remove(sealKey(r.inode().key(), r.agent(), r.incarnation(), r.seal())) != null) {
                        sealEndsChecked++;
                    }
                }
            }
            case SealDropped d -> endSeal(d.inode().key(), d.agent(), d.incarnation(), d.seal(), "dropped", place);
            case SealBroken b -> {
                endSeal(b.inode().key(), b.agent(), b.incarnation(), b.seal(), "broken", place);
                if (b.cause() == BreakCause.LEASE_EXPIRED) {
                    leaseBreaks.putIfAbsent(b.agent() + "#" + b.incarnation(),
                            new LeaseBreak(b.agent(), b.incarnation(), b.at(), place));
                }
            }
            case OpRequested o -> opRanges.putIfAbsent(o.inode().key() + "/" + o.op(), o.range());
            case OpGranted g -> {
                opGrantsChecked++;
                Range range = opRanges.get(g.inode().key() + "/" + g.op());
                if (range == null) {
                    s1.add(new Finding("S1", "op " + g.op() + " on " + g.inode().key() + " was granted without an "
                            + "op.requested for it", List.of(place)));
                    return;
                }
                for (LiveSeal s : liveByInode.getOrDefault(g.inode().key(), Map.of()).values()) {
                    if (s.range.overlaps(range)) {
                        s1.add(new Finding("S1", "op " + g.op() + " " + range + " was granted while seal " + s.key
                                + " " + s.range + " was live", List.of(place, "granted at " + s.grantedAt)));
                    }
                }
            }
            case OpRejected r -> { }
            case OpFinished f -> { }
            case SealDenied d -> { }
            case SealRecalled r -> { }
        }
    }

    /** Closes a step: incarnations that ended in it must have no live seal left (S2). */
    void endStep() {
        for (String[] ended : endedThisStep) {
            incarnationEndsChecked++;
            for (Map<String, LiveSeal> live : liveByInode.values()) {
                live.values().removeIf(s -> {
                    if (!s.agentInc.equals(ended[0])) {
                        return false;
                    }
                    s2.add(new Finding("S2", "incarnation " + ended[0] + " " + ended[1] + ", but its seal " + s.key
                            + " was never released, dropped or broken: it stopped being live silently",
                            List.of(ended[2], "granted at " + s.grantedAt)));
                    return true;
                });
            }
        }
        endedThisStep.clear();
    }

    Map<String, LeaseBreak> leaseBreaks() {
        return leaseBreaks;
    }

    long liveSeals() {
        return liveByInode.values().stream().mapToLong(Map::size).sum();
    }

    private void end(String agentInc, String how, String place) {
        if (liveIncarnations.remove(agentInc) != null) {
            endedThisStep.add(new String[] {agentInc, how, place});
        }
    }

    private void endSeal(String inode, String agent, long incarnation, String seal, String how, String place) {
        sealEndsChecked++;
        String key = sealKey(inode, agent, incarnation, seal);
        Map<String, LiveSeal> live = liveByInode.get(inode);
        if (live == null || live.remove(key) == null) {
            s2.add(new Finding("S2", "seal " + key + " was " + how + " but was not live (never granted, or ended twice)",
                    List.of(place)));
        }
    }

    private static String sealKey(String inode, String agent, long incarnation, String seal) {
        return inode + "/" + agent + "#" + incarnation + "/" + seal;
    }
}
