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

    /** The incarnation an agent event is about. */
    private record Holder(String agent, long incarnation) {
        static Holder read(JsonFields f) throws BadEventException {
            return new Holder(f.text("agent"), f.integer("incarnation"));
        }
    }

    /** The seal an event is about: its id, its holder and its inode. */
    private record SealOf(String seal, String agent, long incarnation, Inode inode) {
        static SealOf read(JsonFields f) throws BadEventException {
            String seal = f.text("seal");
            Holder h = Holder.read(f);
            return new SealOf(seal, h.agent(), h.incarnation(), f.inode("inode"));
        }
    }

    static Event bind(EventType type, JsonFields f) throws BadEventException {
        long at = f.integer("at");
        return switch (type) {
            case AGENT_REGISTERED -> {
                Holder h = Holder.read(f);
                long ttlMs = f.integer("ttlMs");
                yield f.build(() -> new AgentRegistered(at, h.agent(), h.incarnation(), ttlMs));
            }
            case AGENT_HEARTBEAT -> {
                Holder h = Holder.read(f);
                long seq = f.integer("seq");
                yield f.build(() -> new AgentHeartbeat(at, h.agent(), h.incarnation(), seq));
            }
            case AGENT_LEFT -> {
                Holder h = Holder.read(f);
                yield f.build(() -> new AgentLeft(at, h.agent(), h.incarnation()));
            }
            case PROCESS_EXITED -> {
                Holder h = Holder.read(f);
                ProcessRef process = f.process("process");
                yield f.build(() -> new ProcessExited(at, h.agent(), h.incarnation(), process));
            }
            case SEAL_REQUESTED -> {
                SealOf s = SealOf.read(f);
                ProcessRef process = f.process("process");
                Range range = f.range("range");
                SealKind kind = f.choice("kind", SealKind.class);
                yield f.build(() -> new SealRequested(at, s.seal(), s.agent(), s.incarnation(), process, s.inode(), range, kind));
            }
            case SEAL_RELEASED -> {
                SealOf s = SealOf.read(f);
                ReleaseReason reason = f.choice("reason", ReleaseReason.class);
                yield f.build(() -> new SealReleased(at, s.seal(), s.agent(), s.incarnation(), s.inode(), reason));
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
                SealOf s = SealOf.read(f);
                long token = f.integer("token");
                yield f.build(() -> new SealGranted(at, s.seal(), s.agent(), s.incarnation(), s.inode(), token));
            }
            case SEAL_DENIED -> {
                SealOf s = SealOf.read(f);
                DenyReason reason = f.choice("reason", DenyReason.class);
                yield f.build(() -> new SealDenied(at, s.seal(), s.agent(), s.incarnation(), s.inode(), reason));
            }
            case SEAL_RECALLED -> {
                SealOf s = SealOf.read(f);
                String op = f.text("op");
                long deadline = f.integer("deadline");
                yield f.build(() -> new SealRecalled(at, s.seal(), s.agent(), s.incarnation(), s.inode(), op, deadline));
            }
            case SEAL_BROKEN -> {
                SealOf s = SealOf.read(f);
                BreakCause cause = f.choice("cause", BreakCause.class);
                yield f.build(() -> new SealBroken(at, s.seal(), s.agent(), s.incarnation(), s.inode(), cause));
            }
            case SEAL_DROPPED -> {
                SealOf s = SealOf.read(f);
                DropCause cause = f.choice("cause", DropCause.class);
                yield f.build(() -> new SealDropped(at, s.seal(), s.agent(), s.incarnation(), s.inode(), cause));
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
                Holder h = Holder.read(f);
                long lastHeartbeatAt = f.integer("lastHeartbeatAt");
                yield f.build(() -> new AgentExpired(at, h.agent(), h.incarnation(), lastHeartbeatAt));
            }
            case AGENT_FENCED -> {
                Holder h = Holder.read(f);
                FenceCause cause = f.choice("cause", FenceCause.class);
                yield f.build(() -> new AgentFenced(at, h.agent(), h.incarnation(), cause));
            }
        };
    }

}
