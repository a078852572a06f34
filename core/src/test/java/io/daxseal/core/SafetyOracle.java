package io.daxseal.core;

import io.daxseal.events.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent, deliberately naive reading of a decided log that checks S1, S2 and S3 of
 * PROTOCOL.md. It shares no code with the state machine: it keeps live seals in a plain map and
 * scans it, and learns liveness only from explicit events.
 */
final class SafetyOracle {

    record SealId(Inode inode, String agent, long incarnation, String seal) {
    }

    final Map<SealId, Range> live = new HashMap<>();
    private final Map<SealId, Range> requested = new HashMap<>();
    private final Map<String, Long> highestRegistered = new HashMap<>();
    private final Set<String> liveIncarnations = new HashSet<>();
    private final Set<String> deadIncarnations = new HashSet<>();
    private final Map<String, Range> opRanges = new HashMap<>();
    final List<String> violations = new ArrayList<>();

    void accept(Event event) {
        switch (event) {
            case AgentRegistered e -> {
                Long highest = highestRegistered.get(e.agent());
                if (highest == null || e.incarnation() > highest) {
                    if (highest != null) {
                        die(e.agent() + "#" + highest);
                    }
                    highestRegistered.put(e.agent(), e.incarnation());
                    liveIncarnations.add(e.agent() + "#" + e.incarnation());
                }
            }
            case AgentLeft e -> {
                if (liveIncarnations.contains(e.agent() + "#" + e.incarnation())) {
                    die(e.agent() + "#" + e.incarnation());
                }
            }
            case SealRequested e -> requested.put(new SealId(e.inode(), e.agent(), e.incarnation(), e.seal()), e.range());
            case SealGranted e -> {
                String inc = e.agent() + "#" + e.incarnation();
                if (deadIncarnations.contains(inc)) {
                    violations.add("S3: " + e + " granted to an incarnation that is no longer live");
                }
                SealId id = new SealId(e.inode(), e.agent(), e.incarnation(), e.seal());
                live.put(id, requested.get(id));
            }
            case SealReleased e -> {
                if (liveIncarnations.contains(e.agent() + "#" + e.incarnation())) {
                    live.remove(new SealId(e.inode(), e.agent(), e.incarnation(), e.seal()));
                }
            }
            case SealBroken e -> end(new SealId(e.inode(), e.agent(), e.incarnation(), e.seal()), e);
            case SealDropped e -> end(new SealId(e.inode(), e.agent(), e.incarnation(), e.seal()), e);
            case OpRequested e -> opRanges.putIfAbsent(e.inode().key() + "/" + e.op(), e.range());
            case OpGranted e -> {
                Range range = opRanges.get(e.inode().key() + "/" + e.op());
                live.forEach((id, r) -> {
                    if (id.inode().equals(e.inode()) && r.overlaps(range)) {
                        violations.add("S1: " + e + " while " + id + " " + r + " is live");
                    }
                });
            }
            case AgentExpired e -> die(e.agent() + "#" + e.incarnation());
            case AgentFenced e -> die(e.agent() + "#" + e.incarnation());
            case AgentHeartbeat e -> { }
            case ProcessExited e -> { }
            case OpFinished e -> { }
            case SealDenied e -> { }
            case SealRecalled e -> { }
            case OpRejected e -> { }
        }
    }

    private void end(SealId id, Event cause) {
        if (live.remove(id) == null) {
            violations.add("S2: " + cause + " ends a seal that is not live");
        }
    }

    private void die(String incarnation) {
        liveIncarnations.remove(incarnation);
        deadIncarnations.add(incarnation);
    }

    /** The live seals as the state machine's snapshot names them. */
    Set<String> liveNames() {
        Set<String> names = new HashSet<>();
        live.keySet().forEach(id -> names.add(id.inode().key() + " " + id.agent() + "#" + id.incarnation() + "/" + id.seal()));
        return names;
    }

    static Set<String> liveNames(StateSnapshot snapshot) {
        Set<String> names = new HashSet<>();
        for (var inode : snapshot.inodes()) {
            for (var s : inode.seals()) {
                names.add(inode.inode() + " " + s.agent() + "#" + s.incarnation() + "/" + s.seal());
            }
        }
        return names;
    }
}
