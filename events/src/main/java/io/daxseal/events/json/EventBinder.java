package io.daxseal.events.json;

import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.BreakCause;
import io.daxseal.events.DenyReason;
import io.daxseal.events.DropCause;
import io.daxseal.events.Event;
import io.daxseal.events.EventType;
import io.daxseal.events.FenceCause;
import io.daxseal.events.Inode;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpOutcome;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.RejectReason;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;

/**
 * Binds a decoded, upcast JSON object to the record of its event type: each field checked for
 * presence, JSON type and range by {@link JsonFields}, the record's own checks run last. The one
 * place that maps wire fields to records; {@link EventCodec} is its only caller.
 */
final class EventBinder {

    private EventBinder() {
    }

    static Event bind(EventType type, JsonFields f) throws BadEventException {
        long at = f.integer("at");
        return switch (type) {
            case AGENT_REGISTERED -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                long ttlMs = f.integer("ttlMs");
                yield f.build(() -> new AgentRegistered(at, agent, incarnation, ttlMs));
            }
            case AGENT_HEARTBEAT -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                long seq = f.integer("seq");
                yield f.build(() -> new AgentHeartbeat(at, agent, incarnation, seq));
            }
            case AGENT_LEFT -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                yield f.build(() -> new AgentLeft(at, agent, incarnation));
            }
            case PROCESS_EXITED -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                ProcessRef process = f.process("process");
                yield f.build(() -> new ProcessExited(at, agent, incarnation, process));
            }
            case SEAL_REQUESTED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                ProcessRef process = f.process("process");
                Inode inode = f.inode("inode");
                Range range = f.range("range");
                SealKind kind = f.choice("kind", SealKind.class);
                yield f.build(() -> new SealRequested(at, seal, agent, incarnation, process, inode, range, kind));
            }
            case SEAL_RELEASED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                ReleaseReason reason = f.choice("reason", ReleaseReason.class);
                yield f.build(() -> new SealReleased(at, seal, agent, incarnation, inode, reason));
            }
            case OP_REQUESTED -> {
                String op = f.text("op");
                Inode inode = f.inode("inode");
                Range range = f.rangeOrToEnd("range");
                OpKind kind = f.choice("kind", OpKind.class);
                OpPolicy policy = f.choice("policy", OpPolicy.class);
                long breakTimeoutMs = f.integer("breakTimeoutMs");
                String requester = f.text("requester");
                yield f.build(() -> new OpRequested(at, op, inode, range, kind, policy, breakTimeoutMs, requester));
            }
            case OP_FINISHED -> {
                String op = f.text("op");
                Inode inode = f.inode("inode");
                OpOutcome outcome = f.choice("outcome", OpOutcome.class);
                yield f.build(() -> new OpFinished(at, op, inode, outcome));
            }
            case SEAL_GRANTED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                long token = f.integer("token");
                yield f.build(() -> new SealGranted(at, seal, agent, incarnation, inode, token));
            }
            case SEAL_DENIED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                DenyReason reason = f.choice("reason", DenyReason.class);
                yield f.build(() -> new SealDenied(at, seal, agent, incarnation, inode, reason));
            }
            case SEAL_RECALLED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                String op = f.text("op");
                long deadline = f.integer("deadline");
                yield f.build(() -> new SealRecalled(at, seal, agent, incarnation, inode, op, deadline));
            }
            case SEAL_BROKEN -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                BreakCause cause = f.choice("cause", BreakCause.class);
                yield f.build(() -> new SealBroken(at, seal, agent, incarnation, inode, cause));
            }
            case SEAL_DROPPED -> {
                String seal = f.text("seal");
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                Inode inode = f.inode("inode");
                DropCause cause = f.choice("cause", DropCause.class);
                yield f.build(() -> new SealDropped(at, seal, agent, incarnation, inode, cause));
            }
            case OP_GRANTED -> {
                String op = f.text("op");
                Inode inode = f.inode("inode");
                yield f.build(() -> new OpGranted(at, op, inode));
            }
            case OP_REJECTED -> {
                String op = f.text("op");
                Inode inode = f.inode("inode");
                RejectReason reason = f.choice("reason", RejectReason.class);
                yield f.build(() -> new OpRejected(at, op, inode, reason));
            }
            case AGENT_EXPIRED -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                long lastHeartbeatAt = f.integer("lastHeartbeatAt");
                yield f.build(() -> new AgentExpired(at, agent, incarnation, lastHeartbeatAt));
            }
            case AGENT_FENCED -> {
                String agent = f.text("agent");
                long incarnation = f.integer("incarnation");
                FenceCause cause = f.choice("cause", FenceCause.class);
                yield f.build(() -> new AgentFenced(at, agent, incarnation, cause));
            }
        };
    }

}
