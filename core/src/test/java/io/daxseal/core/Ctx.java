package io.daxseal.core;

import io.daxseal.core.sim.Simulator;
import io.daxseal.events.*;
import java.util.ArrayList;
import java.util.List;

/**
 * A test context in the style of Kafka's group coordinator tests: feed inputs with their times,
 * get back the exact decisions, keep the decided log for replay checks.
 */
final class Ctx {

    static final Inode F1 = new Inode("fs-a", 100, 1);
    static final Inode F2 = new Inode("fs-a", 200, 1);
    static final ProcessRef P1 = new ProcessRef(1001, 50);
    static final ProcessRef P2 = new ProcessRef(1002, 60);

    final SealMachine machine = new SealMachine();
    final List<Event> log = new ArrayList<>();
    private final List<Decision> emitted = new ArrayList<>();
    Outcome lastOutcome;
    private final Simulator simulator = new Simulator(machine, Simulator.Sink.of(event -> {
        log.add(event);
        if (event instanceof Decision decision) {
            emitted.add(decision);
        }
    }));

    /** Offers an input; returns every decision it produced, timer decisions before it included. */
    List<Decision> in(Input input) {
        emitted.clear();
        lastOutcome = simulator.offer(input);
        return List.copyOf(emitted);
    }

    /** Fires timers up to {@code time}; returns their decisions. */
    List<Decision> advance(long time) {
        emitted.clear();
        simulator.advanceTo(time);
        return List.copyOf(emitted);
    }

    /** Replays the decided log into a fresh machine and returns it. */
    SealMachine replayed() throws LogInconsistencyException {
        SealMachine fresh = new SealMachine();
        for (Event e : log) {
            fresh.replay(e);
        }
        return fresh;
    }

    // ------------------------------------------------------------------------------ input builders

    static AgentRegistered reg(long at, String agent, long inc, long ttl) {
        return new AgentRegistered(at, agent, inc, ttl);
    }

    static AgentHeartbeat hb(long at, String agent, long inc) {
        return new AgentHeartbeat(at, agent, inc, at);
    }

    static AgentLeft left(long at, String agent, long inc) {
        return new AgentLeft(at, agent, inc);
    }

    static ProcessExited exited(long at, String agent, long inc, ProcessRef p) {
        return new ProcessExited(at, agent, inc, p);
    }

    static SealRequested pin(long at, String seal, String agent, long inc, Inode inode, long offset, long length) {
        return new SealRequested(at, seal, agent, inc, P1, inode, new Range(offset, length), SealKind.PIN);
    }

    static SealRequested map(long at, String seal, String agent, long inc, ProcessRef p, Inode inode, long offset,
                             long length) {
        return new SealRequested(at, seal, agent, inc, p, inode, new Range(offset, length), SealKind.MAP);
    }

    static SealReleased rel(long at, String seal, String agent, long inc, Inode inode) {
        return new SealReleased(at, seal, agent, inc, inode, ReleaseReason.UNPIN);
    }

    static OpRequested op(long at, String op, Inode inode, long offset, long length, OpPolicy policy, long timeout) {
        return new OpRequested(at, op, inode, new Range(offset, length), OpKind.PUNCH_HOLE, policy, timeout, "mds");
    }

    static OpRequested truncate(long at, String op, Inode inode, long offset, OpPolicy policy, long timeout) {
        return new OpRequested(at, op, inode, Range.toEndOfFile(offset), OpKind.TRUNCATE, policy, timeout, "mds");
    }

    static OpFinished fin(long at, String op, Inode inode) {
        return new OpFinished(at, op, inode, OpOutcome.DONE);
    }

    // --------------------------------------------------------------------------- decision builders

    static SealGranted granted(long at, String seal, String agent, long inc, Inode inode, long token) {
        return new SealGranted(at, seal, agent, inc, inode, token);
    }

    static SealDenied denied(long at, String seal, String agent, long inc, Inode inode, DenyReason reason) {
        return new SealDenied(at, seal, agent, inc, inode, reason);
    }

    static SealRecalled recalled(long at, String seal, String agent, long inc, Inode inode, String op, long deadline) {
        return new SealRecalled(at, seal, agent, inc, inode, op, deadline);
    }

    static SealBroken broken(long at, String seal, String agent, long inc, Inode inode, BreakCause cause) {
        return new SealBroken(at, seal, agent, inc, inode, cause);
    }

    static SealDropped dropped(long at, String seal, String agent, long inc, Inode inode, DropCause cause) {
        return new SealDropped(at, seal, agent, inc, inode, cause);
    }

    static OpGranted opGranted(long at, String op, Inode inode) {
        return new OpGranted(at, op, inode);
    }

    static OpRejected rejected(long at, String op, Inode inode, RejectReason reason) {
        return new OpRejected(at, op, inode, reason);
    }

    static AgentExpired expired(long at, String agent, long inc, long last) {
        return new AgentExpired(at, agent, inc, last);
    }

    static AgentFenced fenced(long at, String agent, long inc, FenceCause cause) {
        return new AgentFenced(at, agent, inc, cause);
    }
}
