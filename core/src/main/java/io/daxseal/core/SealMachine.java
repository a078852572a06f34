package io.daxseal.core;

import io.daxseal.events.*;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daxseal state machine (PROTOCOL.md version 2, rules 1–13): decides inputs, fires timers, replays
 * decided logs. Pure and single-threaded: no I/O, no wall clock; the caller passes the time.
 *
 * <p>Deciding an input applies it, works out the decisions it causes, and applies each decision
 * as it is made, through the same {@code apply} code that {@link #replay} uses. The returned
 * decisions, appended after the input, form the decided log; replaying that log rebuilds this
 * exact state (S4).
 *
 * <p>Ordering (rule 11): the decisions of one step come as seal decisions (per inode in inode
 * order, then token order), then agent decisions (by agent id, then incarnation), then operation
 * decisions (per inode, in request order). A step that ends operations lets waiting operations
 * start; their decisions follow, in further steps, in causal order.
 *
 * <p>Why it is over 400 lines: it is the protocol's rules in one place, one method per
 * rule family (seal requests, releases, agents, operations, timers), each a few lines over the
 * state in {@link SealState}; cutting the rules apart would hide their ordering (rule 11), which is
 * what a reader of this class needs to see whole. The rest is its public face for tools: views,
 * digest, timers, counts.
 */
public final class SealMachine {

    private final SealState state;
    private final Map<Ignored, Long> ignoredCounts = new EnumMap<>(Ignored.class);

    /** A machine for a log without partitions (a {@code .jsonl} file): one token counter. */
    public SealMachine() {
        this(Partitioning.SINGLE);
    }

    /** A machine for a log split as {@code partitioning} says: one token counter per partition. */
    public SealMachine(Partitioning partitioning) {
        this.state = new SealState(partitioning);
    }

    // ----------------------------------------------------------------------------------- deciding

    /**
     * Decides one input read at time {@code now}: the clock becomes {@code max(clock, now)}, and the
     * decisions carry the clock. Timers due before {@code now} must have been fired first
     * ({@link #fireTimersUpTo}); {@code sim.Simulator} does that.
     */
    public Outcome decide(Input input, long now) {
        // Facts that applying the input changes, read first.
        Incarnation replaced = input instanceof AgentRegistered r ? highestLive(r.agent()) : null;
        boolean duplicateOp = input instanceof OpRequested r && opUnfinished(r.inode(), r.op());
        Ignored ignored = state.applyInput(input, now);
        if (ignored != null) {
            ignoredCounts.merge(ignored, 1L, Long::sum);
            return new Outcome(List.of(), ignored);
        }
        // Fast paths for the inputs that make up nearly all of a real log.
        switch (input) {
            case AgentHeartbeat e -> {
                return Outcome.NONE;
            }
            case SealRequested e -> {
                Decision decision = decideSealRequest(e);
                apply(decision);
                return Outcome.of(decision);
            }
            case SealReleased e -> {
                InodeState inode = state.findInode(e.inode());
                if (inode == null || !inode.hasActiveOps()) {
                    return Outcome.NONE;
                }
            }
            default -> { }
        }
        Step step = new Step();
        switch (input) {
            case AgentRegistered e -> {
                if (replaced != null) {
                    dropAll(step, replaced, DropCause.INCARNATION_REPLACED);
                    step.agent(new AgentFenced(state.clock, replaced.agent, replaced.number, FenceCause.REPLACED));
                }
            }
            case AgentHeartbeat e -> { /* the lease was renewed by apply */ }
            case AgentLeft e -> dropAll(step, state.incarnation(e.agent(), e.incarnation()), DropCause.AGENT_LEFT);
            case ProcessExited e -> {
                Incarnation inc = state.incarnation(e.agent(), e.incarnation());
                for (Seal s : inc.liveSeals.values()) {
                    if (s.process.equals(e.process())) {
                        step.seal(s, new SealDropped(state.clock, s.id(), s.holder.agent, s.holder.number, s.inode(),
                                DropCause.PROCESS_EXIT));
                    }
                }
            }
            case SealRequested e -> throw new AssertionError("decided above");
            case SealReleased e -> step.touch(e.inode());
            case OpRequested e -> {
                if (duplicateOp) {
                    step.op(e.inode(), new OpRejected(state.clock, e.op(), e.inode(), RejectReason.DUPLICATE));
                } else {
                    step.touch(e.inode());
                }
            }
            case OpFinished e -> step.touch(e.inode());
        }
        return new Outcome(step.run(), null);
    }

    private boolean opUnfinished(Inode inode, String op) {
        InodeState state = this.state.findInode(inode);
        return state != null && state.activeOp(op) != null;
    }

    private Incarnation highestLive(String agent) {
        AgentRecord record = state.agents.get(agent);
        Incarnation highest = record == null ? null : record.highest();
        return highest != null && highest.isLive() ? highest : null;
    }

    /**
     * Rule 2, checked in order. Incarnations are judged by comparison with the agent's highest
     * registered one, and duplicates against live seals only: nothing else is remembered (rule 13).
     */
    private Decision decideSealRequest(SealRequested e) {
        long t = state.clock;
        Incarnation inc = state.incarnation(e.agent(), e.incarnation());
        if (inc == null || inc != highest(e.agent())) {
            Incarnation highest = highest(e.agent());
            if (highest == null || e.incarnation() > highest.number) {
                return new SealDenied(t, e.seal(), e.agent(), e.incarnation(), e.inode(), DenyReason.UNKNOWN_AGENT);
            }
            return new SealDenied(t, e.seal(), e.agent(), e.incarnation(), e.inode(), DenyReason.AGENT_FENCED);
        }
        if (!inc.isLive()) {
            return new SealDenied(t, e.seal(), e.agent(), e.incarnation(), e.inode(), DenyReason.AGENT_FENCED);
        }
        if (inc.liveSeals.containsKey(new SealKey(e.inode(), e.seal()))) {
            return new SealDenied(t, e.seal(), e.agent(), e.incarnation(), e.inode(), DenyReason.DUPLICATE);
        }
        InodeState inode = state.findInode(e.inode());
        if (inode != null && inode.busy(e.range())) {
            return new SealDenied(t, e.seal(), e.agent(), e.incarnation(), e.inode(), DenyReason.RANGE_BUSY);
        }
        return new SealGranted(t, e.seal(), e.agent(), e.incarnation(), e.inode(), state.nextToken(e.inode()));
    }

    private Incarnation highest(String agent) {
        AgentRecord record = state.agents.get(agent);
        return record == null ? null : record.highest();
    }

    private void dropAll(Step step, Incarnation inc, DropCause cause) {
        for (Seal s : inc.liveSeals.values()) {
            step.seal(s, new SealDropped(state.clock, s.id(), s.holder.agent, s.holder.number, s.inode(), cause));
        }
    }

    // ------------------------------------------------------------------------------------- timers

    /** When the next timer fires, if any is armed. */
    public OptionalLong nextTimerAt() {
        return state.timers.nextFireAt();
    }

    /**
     * Fires, in order, every timer due at or before {@code time} (rule 7). Each timer's decisions
     * carry its firing time ({@code deadline + 1}), or the clock if that is later already.
     */
    public List<Decision> fireTimersUpTo(long time) {
        Timers.Timer timer = state.timers.pollDue(time);
        if (timer == null) {
            return List.of(); // the common case, twice per input: allocate nothing
        }
        List<Decision> out = new ArrayList<>();
        for (; timer != null; timer = state.timers.pollDue(time)) {
            if (timer.fireAt() > state.clock) {
                state.clock = timer.fireAt();
            }
            out.addAll(fire(timer.key()));
        }
        return out;
    }

    private List<Decision> fire(TimerKey key) {
        Step step = new Step();
        switch (key) {
            case TimerKey.Lease lease -> {
                Incarnation inc = state.incarnation(lease.agent(), lease.incarnation());
                if (inc == null || !inc.isLive()) {
                    return List.of();
                }
                for (Seal s : inc.liveSeals.values()) {
                    step.seal(s, new SealBroken(state.clock, s.id(), inc.agent, inc.number, s.inode(),
                            BreakCause.LEASE_EXPIRED));
                }
                step.agent(new AgentExpired(state.clock, inc.agent, inc.number, inc.lastHeartbeatAt));
            }
            case TimerKey.Recall recall -> {
                InodeState inode = state.findInode(recall.inode());
                Operation op = inode == null ? null : inode.activeOp(recall.op());
                if (op == null || op.state != OpState.RECALLING) {
                    return List.of();
                }
                recallTimedOut(step, op);
            }
        }
        return step.run();
    }

    /** Rule 4. */
    private void recallTimedOut(Step step, Operation op) {
        Inode inode = op.request.inode();
        if (op.request.policy() == OpPolicy.RECALL) {
            step.op(inode, new OpRejected(state.clock, op.id(), inode, RejectReason.RECALL_TIMEOUT));
            return;
        }
        Set<Incarnation> holders = new HashSet<>();
        Set<Seal> timedOut = new HashSet<>();
        for (Seal s : op.recalled) {
            if (s.live) {
                timedOut.add(s);
                holders.add(s.holder);
                step.seal(s, new SealBroken(state.clock, s.id(), s.holder.agent, s.holder.number, s.inode(),
                        BreakCause.RECALL_TIMEOUT));
            }
        }
        List<Incarnation> fenced = new ArrayList<>(holders);
        fenced.sort((a, b) -> {
            int c = a.agent.compareTo(b.agent);
            return c != 0 ? c : Long.compare(a.number, b.number);
        });
        for (Incarnation holder : fenced) {
            for (Seal s : holder.liveSeals.values()) {
                if (!timedOut.contains(s)) {
                    step.seal(s, new SealBroken(state.clock, s.id(), holder.agent, holder.number, s.inode(),
                            BreakCause.AGENT_FENCED));
                }
            }
            step.agent(new AgentFenced(state.clock, holder.agent, holder.number, FenceCause.RECALL_TIMEOUT));
        }
        step.touch(inode); // all its recalled seals are now broken: settling grants it
    }

    // ------------------------------------------------------------------------------------- replay

    /**
     * Applies one event of a decided log, without deciding anything: inputs change what they
     * change, decisions change what they say. Used to load a log and by the {@code replay} tool.
     *
     * @throws LogInconsistencyException when a decision does not fit the state (the event is not
     *     applied, and the state is as before)
     */
    public void replay(Event event) throws LogInconsistencyException {
        switch (event) {
            case Input input -> {
                Ignored ignored = state.applyInput(input, input.at());
                if (ignored != null) {
                    ignoredCounts.merge(ignored, 1L, Long::sum);
                }
            }
            case Decision decision -> state.applyDecision(decision);
        }
    }

    /**
     * Applies one input as a live coordinator read it at {@code readAt} (its own clock, not the
     * event's {@code at}; rule 6). The Kafka runtime's loader uses this with the read times its
     * journal kept, so a loaded state equals the live one.
     */
    public void replay(Input input, long readAt) {
        Ignored ignored = state.applyInput(input, readAt);
        if (ignored != null) {
            ignoredCounts.merge(ignored, 1L, Long::sum);
        }
    }

    /**
     * Gives every live incarnation a full lease from {@code now} (rule 6: after loading a log, as
     * Kafka's group coordinator does with member sessions): the load counts as a heartbeat of each,
     * and the clock moves to {@code now}.
     */
    public void rearmLeases(long now) {
        state.rearmLeases(now);
    }

    // ---------------------------------------------------------------------------------- inspection

    /** The newest time seen; it never goes back. */
    public long clock() {
        return state.clock;
    }

    /** Number of live seals, over all inodes. */
    public long liveSealCount() {
        return state.liveSealCount;
    }

    /** How many valid inputs were ignored, by reason. */
    public Map<Ignored, Long> ignoredCounts() {
        return Map.copyOf(ignoredCounts);
    }

    /** A read-only view of the whole state, in canonical order. */
    public StateSnapshot snapshot() {
        return StateSnapshot.of(state, null);
    }

    /**
     * What the machine holds, counted (rule 13: it is bounded by what is live plus one record per
     * agent); for the memory tests and benchmarks. It walks the state: not for a hot path.
     */
    public Footprint footprint() {
        return Footprint.of(state);
    }

    /** Inodes remembered (those with a live seal or an unfinished operation); constant time, for metrics. */
    public long rememberedInodes() {
        return state.inodes.size();
    }

    /** Agents remembered (one record each); constant time, for metrics. */
    public long rememberedAgents() {
        return state.agents.size();
    }

    /** The state itself, for {@link MachineImage}. */
    SealState state() {
        return state;
    }

    /** The partitioning whose counters the tokens come from. */
    public Partitioning partitioning() {
        return state.partitioning;
    }

    /** A read-only view of one inode (and every incarnation). */
    public StateSnapshot snapshot(Inode inode) {
        return StateSnapshot.of(state, inode);
    }

    /**
     * A SHA-256 digest of the canonical state (seals, token counters, operations, incarnations,
     * clock). Two machines with equal digests decide every future input the same way.
     */
    public String digest() {
        return StateDigest.of(state);
    }

    /** The armed timers, earliest first. */
    public List<PendingTimer> pendingTimers() {
        return state.timers.pending().stream().map(t -> new PendingTimer(t.fireAt(), t.key())).toList();
    }

    /** An armed timer: what fires when. */
    public record PendingTimer(long fireAt, TimerKey key) {
    }

    // -------------------------------------------------------------------------------------- steps

    /**
     * The decisions of one step, collected so they can be put in rule 11's order, then applied;
     * {@link #run} then settles the touched inodes, which may take further steps.
     */
    private final class Step {
        private final List<Seal> sealSubjects = new ArrayList<>();
        private final List<Decision> sealDecisions = new ArrayList<>();
        private final List<Decision> agentDecisions = new ArrayList<>();
        private final List<Decision> opDecisions = new ArrayList<>();
        private final TreeSet<Inode> touched = new TreeSet<>();

        void seal(Seal subject, Decision decision) {
            sealSubjects.add(subject);
            sealDecisions.add(decision);
            touched.add(subject.inode());
        }

        void agent(Decision decision) {
            agentDecisions.add(decision);
        }

        void op(Inode inode, Decision decision) {
            opDecisions.add(decision);
            touched.add(inode);
        }

        void touch(Inode inode) {
            touched.add(inode);
        }

        List<Decision> run() {
            List<Decision> out = new ArrayList<>();
            Integer[] order = new Integer[sealSubjects.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Seal.decisionOrder(sealSubjects.get(a), sealSubjects.get(b)));
            for (int i : order) {
                emit(out, sealDecisions.get(i));
            }
            for (Decision d : agentDecisions) {
                emit(out, d);
            }
            for (Decision d : opDecisions) {
                emit(out, d);
            }
            for (Inode inode : touched) {
                settle(state.findInode(inode), out);
            }
            return out;
        }
    }

    private void emit(List<Decision> out, Decision decision) {
        apply(decision);
        out.add(decision);
    }

    private void apply(Decision decision) {
        try {
            state.applyDecision(decision);
        } catch (LogInconsistencyException e) {
            throw new IllegalStateException("the state machine made a decision it cannot apply: " + decision, e);
        }
    }

    /**
     * Rules 3 and 5 on one inode: grant recalling operations whose recalled seals have all ended,
     * and start waiting operations that no earlier unfinished operation overlaps, in request
     * order, until nothing changes.
     */
    private void settle(InodeState inode, List<Decision> out) {
        if (inode == null || !inode.hasActiveOps()) {
            return;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Operation op : List.copyOf(inode.activeOps().values())) {
                if (op.state == OpState.RECALLING && op.allRecalledEnded()) {
                    emit(out, new OpGranted(state.clock, op.id(), inode.inode));
                } else if (op.state == OpState.QUEUED && inode.activeOp(op.id()) == op
                        && !inode.blockedByEarlier(op)) {
                    changed |= start(inode, op, out);
                }
            }
        }
    }

    /**
     * Starts an operation (rule 3).
     *
     * @return whether it ended at once (rejected), which may let later operations start
     */
    private boolean start(InodeState inode, Operation op, List<Decision> out) {
        OpRequested r = op.request;
        List<Seal> overlapping = inode.liveSealsOverlapping(r.range());
        if (overlapping.isEmpty()) {
            emit(out, new OpGranted(state.clock, r.op(), r.inode()));
            return false;
        }
        if (r.policy() == OpPolicy.FAIL_FAST) {
            emit(out, new OpRejected(state.clock, r.op(), r.inode(), RejectReason.SEALED));
            return true;
        }
        long deadline = state.clock + r.breakTimeoutMs();
        for (Seal s : overlapping) {
            emit(out, new SealRecalled(state.clock, s.id(), s.holder.agent, s.holder.number, s.inode(), r.op(), deadline));
        }
        return false;
    }
}
