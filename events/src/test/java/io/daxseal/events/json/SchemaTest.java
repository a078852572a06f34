package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.daxseal.events.Event;
import io.daxseal.events.EventType;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped JSON Schema and the codec agree: what the codec writes the schema accepts, and the
 * bad payloads that a schema can express are refused by both.
 */
class SchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private static JsonSchema load() {
        try (InputStream in = SchemaTest.class.getResourceAsStream("/io/daxseal/events/events-v2.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<ValidationMessage> validate(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return SCHEMA.validate(node);
    }

    static Stream<String> goldenTypes() {
        return Stream.concat(Stream.of(EventType.values()).map(EventType::wire), Stream.of("op.requested-to-eof", "seal.released-orphan"));
    }

    @ParameterizedTest
    @MethodSource("goldenTypes")
    void everyGoldenPayloadMatchesTheSchema(String name) throws Exception {
        assertThat(validate(GoldenFileTest.golden(name))).isEmpty();
    }

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.event();
    }

    @Property(tries = 500)
    void whatTheCodecWritesTheSchemaAccepts(@ForAll("events") Event event) throws Exception {
        assertThat(validate(EventCodec.standard().encode(event))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"a b\",\"incarnation\":1}",
        "{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":0}",
        "{\"type\":\"agent.left\",\"v\":2,\"at\":\"1\",\"agent\":\"a\",\"incarnation\":1}",
        "{\"type\":\"agent.left\",\"v\":2,\"at\":1.5,\"agent\":\"a\",\"incarnation\":1}",
        "{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"incarnation\":1}",
        "{\"type\":\"agent.registered\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":1,\"ttlMs\":499}",
        "{\"type\":\"seal.frobbed\",\"v\":2,\"at\":1}",
        "{\"type\":\"op.finished\",\"v\":2,\"at\":1,\"op\":\"o\",\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},\"outcome\":\"ok\"}",
        "{\"type\":\"op.granted\",\"v\":2,\"at\":1,\"op\":\"\",\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0}}",
        "{\"type\":\"seal.released\",\"v\":2,\"at\":1,\"seal\":\"s\",\"agent\":\"a\",\"incarnation\":1,"
                + "\"inode\":{\"fs\":\"f\",\"ino\":-1,\"gen\":0},\"reason\":\"unmap\"}"
    })
    void badPayloadsAreRefusedByBothTheSchemaAndTheCodec(String payload) throws Exception {
        assertThat(validate(payload)).isNotEmpty();
        assertThat(decodes(payload)).isFalse();
    }

    private static boolean decodes(String payload) {
        try {
            EventCodec.standard().decode(payload);
            return true;
        } catch (BadEventException e) {
            return false;
        }
    }
}
