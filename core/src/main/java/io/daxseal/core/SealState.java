package io.daxseal.core;

import io.daxseal.events.*;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole seal state and the one method that changes it, {@link #apply}. Deciding applies each
 * input and each decision through it as they are made; replaying a decided log applies the same
 * events through it. Nothing else writes these fields.
 *
 * <p>Timers are armed and cancelled here too, as a side effect of the events that imply them, so
 * that a replayed state has the same timers as a decided one.
 *
 * <p>What it holds is bounded by what is live (rule 13): per agent one {@link AgentRecord}, the
 * inodes with a live seal or an unfinished operation (an inode is forgotten the moment it has
 * neither), the undecided seal requests, and one token counter per partition.
 */
final class SealState {

    final Partitioning partitioning;
    /** The newest token granted in each partition of the inode log: tokens come from here (PROTOCOL.md, "Token"). */
    final long[] tokens;
    final InodeTable inodes = new InodeTable();
    final Map<String, AgentRecord> agents = new HashMap<>();
    /**
     * Seal requests applied but not yet decided: the grant needs the request's process and range.
     * A decision almost always follows its request at once, so the newest request is kept in a
     * field and only older undecided ones go to the map.
     */
    final Map<PendingKey, SealRequested> pending = new HashMap<>();
    SealRequested lastRequest;
    final Timers timers = new Timers();
    long clock;
    long liveSealCount;

    SealState(Partitioning partitioning) {
        this.partitioning = partitioning;
        if (partitioning.partitions() < 1) {
            throw new IllegalArgumentException("a log has at least one partition, not " + partitioning.partitions());
        }
        this.tokens = new long[partitioning.partitions()];
    }

    /** The token the next grant on {@code inode} gets: one more than the newest of its partition. */
    long nextToken(Inode inode) {
        return tokens[partitioning.partitionOf(inode)] + 1;
    }

    record PendingKey(Inode inode, String agent, long incarnation, String seal) {
        static PendingKey of(SealRequested r) {
            return new PendingKey(r.inode(), r.agent(), r.incarnation(), r.seal());
        }

        @Override
        public int hashCode() {
            return SealKey.hash(inode, seal) * 31 + agent.hashCode() + Long.hashCode(incarnation);
        }
    }

    // ------------------------------------------------------------------------------------ lookups

    /**
     * One-entry caches: a decision names the incarnation and inode of the input just before it,
     * and deciding and applying both look them up, so the second lookup is nearly always a hit.
     */
    private Incarnation lastIncarnation;
    private InodeState lastInode;

    Incarnation incarnation(String agent, long number) {
        Incarnation last = lastIncarnation;
        if (last != null && last.number == number && last.agent.equals(agent)) {
            return last;
        }
        AgentRecord record = agents.get(agent);
        Incarnation found = record == null ? null : record.get(number);
        if (found != null) {
            lastIncarnation = found;
        }
        return found;
    }

    /** The inode's state, or {@code null} if nothing ever happened on it. */
    InodeState findInode(Inode inode) {
        InodeState last = lastInode;
        if (last != null && last.is(inode)) {
            return last;
        }
        InodeState found = inodes.get(inode);
        if (found != null) {
            lastInode = found;
        }
        return found;
    }

    InodeState inode(Inode inode) {
        InodeState found = findInode(inode);
        if (found == null) {
            found = inodes.getOrCreate(inode);
            lastInode = found;
        }
        return found;
    }

    /** Rule 13: an inode with no live seal and no unfinished operation is forgotten. */
    private void forgetIfIdle(InodeState state) {
        if (state.idle()) {
            inodes.remove(state);
            if (lastInode == state) {
                lastInode = null;
            }
        }
    }

    Seal liveSeal(String agent, long incarnation, Inode inode, String seal) {
        Incarnation inc = incarnation(agent, incarnation);
        return inc == null ? null : inc.liveSeals.get(new SealKey(inode, seal));
    }

    // -------------------------------------------------------------------------------------- apply

    /**
     * Applies an input read at time {@code now} (the coordinator's clock when deciding; the
     * event's own {@code at} when replaying).
     *
     * @return why the input changed nothing, or {@code null} when it was applied
     */
    Ignored applyInput(Input input, long now) {
        advanceClock(now);
        return switch (input) {
            case AgentRegistered e -> register(e, now);
            case AgentHeartbeat e -> heartbeat(e, now);
            case AgentLeft e -> leave(e);
            case ProcessExited e -> liveOrIgnored(e.agent(), e.incarnation());
            case SealRequested e -> {
                if (lastRequest != null) {
                    pending.put(PendingKey.of(lastRequest), lastRequest);
                }
                lastRequest = e;
                yield null;
            }
            case SealReleased e -> release(e);
            case OpRequested e -> {
                InodeState state = inode(e.inode());
                if (state.activeOp(e.op()) == null) {
                    Operation op = new Operation(e, state.nextOpSeq++);
                    state.addOp(op);
                }
                yield null; // a duplicate id is decided (op.rejected{duplicate}), not ignored
            }
            case OpFinished e -> finish(e);
        };
    }

    /** Applies a decision; the clock moves to its time. */
    void applyDecision(Decision decision) throws LogInconsistencyException {
        advanceClock(decision.at());
        switch (decision) {
            case SealGranted e -> grant(e);
            case SealDenied e -> takeRequest(e.inode(), e.agent(), e.incarnation(), e.seal());
            case SealRecalled e -> recall(e);
            case SealBroken e -> end(e.agent(), e.incarnation(), e.inode(), e.seal(), e);
            case SealDropped e -> end(e.agent(), e.incarnation(), e.inode(), e.seal(), e);
            case OpGranted e -> {
                Operation op = activeOp(e.inode(), e.op(), e);
                op.state = OpState.GRANTED;
                timers.cancel(op.timerKey());
            }
            case OpRejected e -> {
                if (e.reason() != RejectReason.DUPLICATE) { // a duplicate names another, existing op
                    retire(inode(e.inode()), activeOp(e.inode(), e.op(), e));
                }
            }
            case AgentExpired e -> endIncarnation(e.agent(), e.incarnation(), IncarnationStatus.EXPIRED, e);
            case AgentFenced e -> endIncarnation(e.agent(), e.incarnation(),
                    e.cause() == FenceCause.REPLACED ? IncarnationStatus.REPLACED : IncarnationStatus.FENCED, e);
        }
    }

    private void advanceClock(long time) {
        if (time > clock) {
            clock = time;
        }
    }

    // ------------------------------------------------------------------------------------- inputs

    private Ignored register(AgentRegistered e, long now) {
        AgentRecord record = agents.computeIfAbsent(e.agent(), AgentRecord::new);
        Incarnation highest = record.highest();
        if (highest != null && e.incarnation() <= highest.number) {
            return Ignored.STALE_INCARNATION;
        }
        Incarnation inc = new Incarnation(e.agent(), e.incarnation(), e.ttlMs(), now);
        if (highest != null && !highest.isLive() && lastIncarnation == highest) {
            lastIncarnation = null; // forgotten now: only the highest is remembered
        }
        record.register(inc);
        armLease(inc);
        return null;
    }

    private Ignored heartbeat(AgentHeartbeat e, long now) {
        Ignored ignored = liveOrIgnored(e.agent(), e.incarnation());
        if (ignored == null) {
            Incarnation inc = incarnation(e.agent(), e.incarnation());
            if (now > inc.lastHeartbeatAt) {
                inc.lastHeartbeatAt = now;
            }
            armLease(inc);
        }
        return ignored;
    }

    private Ignored leave(AgentLeft e) {
        Ignored ignored = liveOrIgnored(e.agent(), e.incarnation());
        if (ignored == null) {
            // Its live seals are dropped by the decisions that follow (seal.dropped{agent-left}).
            markEnded(incarnation(e.agent(), e.incarnation()), IncarnationStatus.LEFT);
        }
        return ignored;
    }

    private Ignored release(SealReleased e) {
        Incarnation inc = incarnation(e.agent(), e.incarnation());
        if (inc == null || !inc.isLive()) {
            return Ignored.INCARNATION_NOT_LIVE;
        }
        Seal seal = inc.liveSeals.get(new SealKey(e.inode(), e.seal()));
        if (seal == null) {
            return Ignored.SEAL_NOT_LIVE;
        }
        endSeal(seal);
        return null;
    }

    private Ignored finish(OpFinished e) {
        InodeState state = findInode(e.inode());
        Operation op = state == null ? null : state.activeOp(e.op());
        if (op == null) {
            return Ignored.OP_NOT_ACTIVE;
        }
        retire(state, op); // a recalling op's recalled seals stay live (rule 5)
        return null;
    }

    private Ignored liveOrIgnored(String agent, long number) {
        Incarnation inc = incarnation(agent, number);
        return inc != null && inc.isLive() ? null : Ignored.INCARNATION_NOT_LIVE;
    }

    // ---------------------------------------------------------------------------------- decisions

    private void grant(SealGranted e) throws LogInconsistencyException {
        SealRequested request = takeRequest(e.inode(), e.agent(), e.incarnation(), e.seal());
        if (request == null) {
            throw new LogInconsistencyException("seal.granted for seal '" + e.seal() + "' of " + e.agent() + "#"
                    + e.incarnation() + " on " + e.inode().key() + " has no seal.requested before it");
        }
        Incarnation holder = incarnation(e.agent(), e.incarnation());
        if (holder == null) {
            throw new LogInconsistencyException("seal.granted to " + e.agent() + "#" + e.incarnation()
                    + ", which never registered");
        }
        SealKey key = new SealKey(e.inode(), e.seal());
        InodeState state = inode(e.inode());
        Seal seal = new Seal(key, state, holder, request.process(), request.range(), request.kind(), e.token(), e.at());
        if (holder.liveSeals.putIfAbsent(key, seal) != null) { // one lookup: check and insert
            throw new LogInconsistencyException("seal.granted for seal '" + e.seal() + "' on " + e.inode().key()
                    + ", which " + holder + " already holds");
        }
        int partition = partitioning.partitionOf(e.inode());
        tokens[partition] = Math.max(tokens[partition], e.token());
        state.seals.insert(seal.range.offset(), seal.range.end(), seal.token, seal);
        liveSealCount++;
    }

    /** Removes and returns the undecided request for this seal, if there is one. */
    private SealRequested takeRequest(Inode inode, String agent, long incarnation, String seal) {
        SealRequested last = lastRequest;
        if (last != null && last.incarnation() == incarnation && last.seal().equals(seal) && last.agent().equals(agent)
                && last.inode().equals(inode)) {
            lastRequest = null;
            return last;
        }
        return pending.isEmpty() ? null : pending.remove(new PendingKey(inode, agent, incarnation, seal));
    }

    private void recall(SealRecalled e) throws LogInconsistencyException {
        Operation op = activeOp(e.inode(), e.op(), e);
        Seal seal = liveSeal(e.agent(), e.incarnation(), e.inode(), e.seal());
        if (seal == null) {
            throw new LogInconsistencyException("seal.recalled for seal '" + e.seal() + "' of " + e.agent() + "#"
                    + e.incarnation() + " on " + e.inode().key() + ", which is not live");
        }
        if (op.state == OpState.QUEUED) {
            op.state = OpState.RECALLING;
            op.deadline = e.deadline();
            timers.arm(op.timerKey(), e.deadline() + 1);
        }
        op.recalled.add(seal);
        seal.addRecaller(op);
    }

    private void end(String agent, long incarnation, Inode inode, String sealId, Decision cause)
            throws LogInconsistencyException {
        Seal seal = liveSeal(agent, incarnation, inode, sealId);
        if (seal == null) {
            throw new LogInconsistencyException(cause.type() + " for seal '" + sealId + "' of " + agent + "#"
                    + incarnation + " on " + inode.key() + ", which is not live");
        }
        endSeal(seal);
    }

    private void endSeal(Seal seal) {
        seal.live = false;
        seal.home.seals.remove(seal.range.offset(), seal.token);
        seal.holder.liveSeals.remove(seal.key);
        liveSealCount--;
        // Recalling operations keep the (now dead) seal in their list; allRecalledEnded() sees it.
        forgetIfIdle(seal.home);
    }

    private void endIncarnation(String agent, long number, IncarnationStatus status, Decision cause)
            throws LogInconsistencyException {
        Incarnation inc = incarnation(agent, number);
        if (inc == null) {
            throw new LogInconsistencyException(cause.type() + " for " + agent + "#" + number + ", which never registered");
        }
        // Its live seals were ended by the seal decisions before this one (rule 11); any left over
        // would be a log that ends an incarnation silently, which S2 forbids.
        if (!inc.liveSeals.isEmpty()) {
            throw new LogInconsistencyException(cause.type() + " for " + inc + ", which still holds "
                    + inc.liveSeals.size() + " live seal(s) that no decision ended");
        }
        markEnded(inc, status);
    }

    private void markEnded(Incarnation inc, IncarnationStatus status) {
        inc.status = status;
        timers.cancel(inc.leaseKey());
        agents.get(inc.agent).ended(inc);
        if (lastIncarnation == inc && agents.get(inc.agent).highest() != inc) {
            lastIncarnation = null;
        }
    }

    private void retire(InodeState state, Operation op) {
        state.retireOp(op);
        for (Seal s : op.recalled) {
            s.removeRecaller(op);
        }
        timers.cancel(op.timerKey());
        forgetIfIdle(state);
    }

    private Operation activeOp(Inode inode, String opId, Decision cause) throws LogInconsistencyException {
        InodeState state = findInode(inode);
        Operation op = state == null ? null : state.activeOp(opId);
        if (op == null) {
            throw new LogInconsistencyException(cause.type() + " for operation '" + opId + "' on " + inode.key()
                    + ", which is not an unfinished operation");
        }
        return op;
    }

    void rearmLeases(long now) {
        advanceClock(now);
        for (AgentRecord record : agents.values()) {
            for (Incarnation inc : record.remembered()) {
                if (inc.isLive()) {
                    inc.lastHeartbeatAt = Math.max(inc.lastHeartbeatAt, now);
                    armLease(inc);
                }
            }
        }
    }

    private void armLease(Incarnation inc) {
        timers.arm(inc.leaseKey(), inc.lastHeartbeatAt + inc.ttlMs + 1);
    }
}
