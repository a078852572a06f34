package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Event;
import io.daxseal.events.Inode;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import java.io.IOException;

/**
 * Writes an event as protocol JSON: {@code type}, {@code v}, {@code at}, then the fields in the
 * order of PROTOCOL.md, a range always with its {@code length} (so an encoded event decodes to an
 * equal one). The one place that maps records to wire fields; {@link EventCodec} and
 * {@link JsonlWriter} call it.
 */
final class EventWriter {

    private EventWriter() {
    }

    static void write(Event event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", event.type().wire());
        g.writeNumberField("v", EventCodec.CURRENT_VERSION);
        g.writeNumberField("at", event.at());
        switch (event) {
            case AgentRegistered e -> {
                incarnation(g, e.agent(), e.incarnation());
                g.writeNumberField("ttlMs", e.ttlMs());
            }
            case AgentHeartbeat e -> {
                incarnation(g, e.agent(), e.incarnation());
                g.writeNumberField("seq", e.seq());
            }
            case AgentLeft e -> incarnation(g, e.agent(), e.incarnation());
            case ProcessExited e -> {
                incarnation(g, e.agent(), e.incarnation());
                process(g, e.process());
            }
            case SealRequested e -> {
                sealOf(g, e.seal(), e.agent(), e.incarnation());
                process(g, e.process());
                inode(g, e.inode());
                range(g, e.range());
                g.writeStringField("kind", e.kind().wire());
            }
            case SealReleased e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeStringField("reason", e.reason().wire());
            }
            case OpRequested e -> {
                g.writeStringField("op", e.op());
                inode(g, e.inode());
                range(g, e.range());
                g.writeStringField("kind", e.kind().wire());
                g.writeStringField("policy", e.policy().wire());
                g.writeNumberField("breakTimeoutMs", e.breakTimeoutMs());
                g.writeStringField("requester", e.requester());
            }
            case OpFinished e -> {
                opAt(g, e.op(), e.inode());
                g.writeStringField("outcome", e.outcome().wire());
            }
            case SealGranted e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeNumberField("token", e.token());
            }
            case SealDenied e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeStringField("reason", e.reason().wire());
            }
            case SealRecalled e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeStringField("op", e.op());
                g.writeNumberField("deadline", e.deadline());
            }
            case SealBroken e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeStringField("cause", e.cause().wire());
            }
            case SealDropped e -> {
                sealAt(g, e.seal(), e.agent(), e.incarnation(), e.inode());
                g.writeStringField("cause", e.cause().wire());
            }
            case OpGranted e -> opAt(g, e.op(), e.inode());
            case OpRejected e -> {
                opAt(g, e.op(), e.inode());
                g.writeStringField("reason", e.reason().wire());
            }
            case AgentExpired e -> {
                incarnation(g, e.agent(), e.incarnation());
                g.writeNumberField("lastHeartbeatAt", e.lastHeartbeatAt());
            }
            case AgentFenced e -> {
                incarnation(g, e.agent(), e.incarnation());
                g.writeStringField("cause", e.cause().wire());
            }
        }
        g.writeEndObject();
    }

    private static void incarnation(JsonGenerator g, String agent, long incarnation) throws IOException {
        g.writeStringField("agent", agent);
        g.writeNumberField("incarnation", incarnation);
    }

    private static void sealOf(JsonGenerator g, String seal, String agent, long incarnation) throws IOException {
        g.writeStringField("seal", seal);
        incarnation(g, agent, incarnation);
    }

    private static void sealAt(JsonGenerator g, String seal, String agent, long incarnation, Inode inode)
            throws IOException {
        sealOf(g, seal, agent, incarnation);
        inode(g, inode);
    }

    private static void opAt(JsonGenerator g, String op, Inode inode) throws IOException {
        g.writeStringField("op", op);
        inode(g, inode);
    }

    private static void process(JsonGenerator g, ProcessRef process) throws IOException {
        g.writeObjectFieldStart("process");
        g.writeNumberField("pid", process.pid());
        g.writeNumberField("start", process.start());
        g.writeEndObject();
    }

    private static void inode(JsonGenerator g, Inode inode) throws IOException {
        g.writeObjectFieldStart("inode");
        g.writeStringField("fs", inode.fs());
        g.writeNumberField("ino", inode.ino());
        g.writeNumberField("gen", inode.gen());
        g.writeEndObject();
    }

    private static void range(JsonGenerator g, Range range) throws IOException {
        g.writeObjectFieldStart("range");
        g.writeNumberField("offset", range.offset());
        g.writeNumberField("length", range.length());
        g.writeEndObject();
    }
}
