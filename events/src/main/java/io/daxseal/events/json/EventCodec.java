package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.daxseal.events.Violation;
import io.daxseal.events.WireEnum;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes events to protocol JSON and decodes protocol JSON to events, strictly.
 *
 * <p>Decoding reads one JSON object, checks {@code type} and {@code v}, lifts older versions with
 * the registered {@link Upcaster}s, then binds the fields of the event's type, checking each one's
 * presence, JSON type and range. Unknown fields are ignored (forward compatibility). Any problem
 * is a {@link BadEventException} naming the field; nothing is coerced or guessed.
 *
 * <p>Encoding writes {@code type}, {@code v}, {@code at}, then the fields in the order of
 * PROTOCOL.md. It always writes a range's {@code length}, so an encoded event decodes to an equal
 * one. Instances are immutable and thread-safe.
 */
public final class EventCodec {

    /** The schema version this build writes and binds. */
    public static final int CURRENT_VERSION = 1;

    private static final EventCodec V1 = builder().build();

    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final Map<Integer, Upcaster> upcasters;
    private final int oldestVersion;

    private EventCodec(Map<Integer, Upcaster> upcasters) {
        // Duplicate keys and trailing tokens are refused by the streaming decoder itself.
        this.mapper = JsonMapper.builder().build();
        this.factory = mapper.getFactory();
        this.upcasters = Map.copyOf(upcasters);
        int oldest = CURRENT_VERSION;
        while (this.upcasters.containsKey(oldest - 1)) {
            oldest--;
        }
        this.oldestVersion = oldest;
    }

    /** The codec of protocol v1, with no upcasters. */
    public static EventCodec v1() {
        return V1;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a codec; register one upcaster per older version. */
    public static final class Builder {
        private final Map<Integer, Upcaster> upcasters = new TreeMap<>();

        private Builder() {
        }

        /** Registers the upcaster from {@code fromVersion} to {@code fromVersion + 1}. */
        public Builder upcaster(int fromVersion, Upcaster upcaster) {
            if (fromVersion >= CURRENT_VERSION) {
                throw new IllegalArgumentException("an upcaster lifts an older version to a newer one; "
                        + fromVersion + " is not older than the current version " + CURRENT_VERSION);
            }
            upcasters.put(fromVersion, upcaster);
            return this;
        }

        public EventCodec build() {
            return new EventCodec(upcasters);
        }
    }

    // ----------------------------------------------------------------------------------- decoding

    /** Decodes one event from its JSON text. */
    public Event decode(String json) throws BadEventException {
        try (JsonParser parser = factory.createParser(json)) {
            return decode(parser, json);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Decodes one event from its UTF-8 JSON bytes (a Kafka record value). */
    public Event decode(byte[] json) throws BadEventException {
        try (JsonParser parser = factory.createParser(json)) {
            return decode(parser, json);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static BadEventException malformed(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new BadEventException(null, Violation.MALFORMED_JSON, "not a valid JSON object: " + JsonFields.abbreviate(
                detail == null ? e.getClass().getSimpleName() : detail.replace('\n', ' ')));
    }

    /**
     * Streams the tokens into a {@link ParsedObject} (no tree: that is most of the cost of
     * decoding), then binds it. Only an event of an older version takes the slower tree path,
     * because upcasters work on trees.
     */
    private Event decode(JsonParser parser, Object source) throws IOException, BadEventException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new BadEventException(null, Violation.MALFORMED_JSON, "not a valid JSON object: empty input");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new BadEventException(null, Violation.MALFORMED_JSON,
                    "not a valid JSON object: the event must be an object, got " + describeToken(first));
        }
        ParsedObject object = ParsedObject.read(parser, 1);
        if (parser.nextToken() != null) {
            throw new BadEventException(null, Violation.MALFORMED_JSON,
                    "not a valid JSON object: there is more after the event's closing brace");
        }
        JsonFields fields = new JsonFields(object, "");
        String typeName = fields.text("type");
        EventType type = WireEnum.fromWire(EventType.class, typeName);
        if (type == null) {
            throw new BadEventException("type", Violation.UNKNOWN_TYPE,
                    "unknown event type '" + JsonFields.abbreviate(typeName) + "'");
        }
        long version = fields.integer("v");
        if (version != CURRENT_VERSION) {
            ObjectNode tree = (ObjectNode) (source instanceof String s ? mapper.readTree(s) : mapper.readTree((byte[]) source));
            String lifted = mapper.writeValueAsString(upcast(tree, version, type));
            try (JsonParser again = factory.createParser(lifted)) {
                again.nextToken();
                fields = new JsonFields(ParsedObject.read(again, 1), "");
            }
        }
        return bind(type, fields);
    }

    private static String describeToken(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private ObjectNode upcast(ObjectNode node, long version, EventType type) throws BadEventException {
        if (version > CURRENT_VERSION) {
            throw new BadEventException("v", Violation.UNSUPPORTED_VERSION, "'" + type + "' has schema version " + version
                    + ", newer than this build understands (" + CURRENT_VERSION + "): upgrade daxseal to read it");
        }
        if (version < oldestVersion) {
            throw new BadEventException("v", Violation.UNSUPPORTED_VERSION, "'" + type + "' has schema version " + version
                    + "; this build reads versions " + oldestVersion + " to " + CURRENT_VERSION);
        }
        ObjectNode current = node;
        for (int v = (int) version; v < CURRENT_VERSION; v++) {
            try {
                current = upcasters.get(v).upcast(current);
            } catch (IllegalArgumentException e) {
                throw new BadEventException(null, Violation.UNSUPPORTED_VERSION,
                        "cannot lift '" + type + "' from version " + v + " to " + (v + 1) + ": " + e.getMessage());
            }
            current.put("v", v + 1);
        }
        return current;
    }

    private static Event bind(EventType type, JsonFields f) throws BadEventException {
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

    // ----------------------------------------------------------------------------------- encoding

    /** Encodes an event as one line of JSON (no trailing newline). */
    public String encode(Event event) {
        StringWriter out = new StringWriter(256);
        encode(event, out);
        return out.toString();
    }

    /** Encodes an event as UTF-8 JSON bytes (a Kafka record value). */
    public byte[] encodeBytes(Event event) {
        return encode(event).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A JSON Lines (UTF-8) writer over {@code out}, for writing many events fast; give it a
     * buffered stream. Closing it flushes but does not close {@code out}.
     */
    public JsonlWriter newJsonlWriter(OutputStream out) {
        try {
            return new JsonlWriter(factory.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an event's JSON to a writer (no trailing newline); the writer is not closed. */
    public void encode(Event event, Writer out) {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeEvent(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeEvent(Event event, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", event.type().wire());
        g.writeNumberField("v", CURRENT_VERSION);
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
