package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daxseal.events.Event;
import io.daxseal.events.EventType;
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
    public static final int CURRENT_VERSION = 2;

    /**
     * Version 1 events mean the same in version 2 (PROTOCOL.md, "Changes from version 1": only the
     * rules and the {@code orphan} release reason changed), so they are lifted unchanged.
     */
    private static final EventCodec STANDARD = builder().upcaster(1, v1 -> v1).build();

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

    /** The codec of protocol v2, reading v1 events through their upcaster. */
    public static EventCodec standard() {
        return STANDARD;
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
        return EventBinder.bind(type, fields);
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
            EventWriter.write(event, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
