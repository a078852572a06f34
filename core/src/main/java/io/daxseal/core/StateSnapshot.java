package io.daxseal.core;

import io.daxseal.events.Inode;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A read-only, canonically ordered view of the seal state: per inode its live seals and
 * unfinished operations, per agent incarnation its status and lease. What {@code replay} shows.
 *
 * <p>Only inodes with live seals or unfinished operations exist (rule 13); {@code tokens} holds
 * the newest token of each partition of the inode log, where the next grants' tokens come from.
 * Incarnations are each agent's highest registered one (and, for the length of one step, the live
 * one it replaced).
 */
public record StateSnapshot(long clock, List<InodeView> inodes, List<Long> tokens, List<IncarnationView> incarnations) {

    /** One inode: live seals in token order, unfinished operations in request order. */
    public record InodeView(String inode, List<SealView> seals, List<OpView> ops) {
    }

    /** One live seal. {@code recalledBy} lists the operations recalling it. */
    public record SealView(String seal, String agent, long incarnation, ProcessRef process, Range range,
                           SealKind kind, long token, long grantedAt, List<String> recalledBy) {
    }

    /**
     * One unfinished operation. {@code deadline} is -1 unless it is recalling; {@code recalled}
     * lists the recalled seals still live, as {@code agent#incarnation/seal}; {@code behind} lists,
     * for a queued one, the earlier unfinished operations over overlapping ranges it waits for.
     */
    public record OpView(String op, OpKind kind, Range range, OpPolicy policy, long breakTimeoutMs,
                         String requester, OpState state, long deadline, List<String> recalled, List<String> behind) {
    }

    /** One registered incarnation. Its lease runs to {@code lastHeartbeatAt + ttlMs}. */
    public record IncarnationView(String agent, long incarnation, IncarnationStatus status, long ttlMs,
                                  long registeredAt, long lastHeartbeatAt, int liveSeals) {
    }

    static StateSnapshot of(SealState state, Inode only) {
        List<InodeState> inodes = new ArrayList<>();
        if (only == null) {
            inodes.addAll(state.inodes.values());
            inodes.sort(Comparator.comparing(i -> i.inode));
        } else if (state.inodes.get(only) != null) {
            inodes.add(state.inodes.get(only));
        }
        List<InodeView> inodeViews = inodes.stream().map(StateSnapshot::view).toList();

        List<IncarnationView> incarnations = new ArrayList<>();
        state.agents.values().stream()
                .sorted(Comparator.comparing(a -> a.agent))
                .forEach(a -> a.remembered().forEach(inc -> incarnations.add(new IncarnationView(
                        inc.agent, inc.number, inc.status, inc.ttlMs, inc.registeredAt, inc.lastHeartbeatAt,
                        inc.liveSeals.size()))));
        List<Long> tokens = java.util.Arrays.stream(state.tokens).boxed().toList();
        return new StateSnapshot(state.clock, inodeViews, tokens, incarnations);
    }

    private static InodeView view(InodeState inode) {
        List<Seal> seals = inode.sealsByToken();
        List<SealView> sealViews = seals.stream().map(s -> new SealView(s.id(), s.holder.agent, s.holder.number,
                s.process, s.range, s.kind, s.token, s.grantedAt,
                s.recalledBy == null ? List.of() : s.recalledBy.stream().map(Operation::id).toList())).toList();
        List<OpView> ops = inode.activeOps().values().stream().map(op -> new OpView(op.id(), op.request.kind(),
                op.request.range(), op.request.policy(), op.request.breakTimeoutMs(), op.request.requester(),
                op.state, op.deadline,
                op.recalled.stream().filter(s -> s.live).map(StateSnapshot::sealName).toList(),
                op.state == OpState.QUEUED ? inode.earlierOverlapping(op) : List.of())).toList();
        return new InodeView(inode.inode.key(), sealViews, ops);
    }

    static String sealName(Seal s) {
        return s.holder.agent + "#" + s.holder.number + "/" + s.id();
    }
}
