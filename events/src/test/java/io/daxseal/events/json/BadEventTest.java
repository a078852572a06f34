package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.events.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way an event can be bad is reported with the field's path and the reason. */
class BadEventTest {

    private static final String INO = "\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0}";
    private static final String PROC = "\"process\":{\"pid\":10,\"start\":5}";
    private static final String SEAL = "{\"type\":\"seal.requested\",\"v\":2,\"at\":5,\"seal\":\"s\",\"agent\":\"a\","
            + "\"incarnation\":1," + PROC + "," + INO + ",\"range\":%s,\"kind\":\"pin\"}";
    private static final String OP = "{\"type\":\"op.requested\",\"v\":2,\"at\":5,\"op\":\"o\"," + INO
            + ",\"range\":{\"offset\":0},\"kind\":\"truncate\",\"policy\":\"%s\",\"breakTimeoutMs\":%s,\"requester\":\"r\"}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("{not json", null, Violation.MALFORMED_JSON, "not a valid JSON object"),
                Arguments.of("", null, Violation.MALFORMED_JSON, "empty input"),
                Arguments.of("[1,2]", null, Violation.MALFORMED_JSON, "must be an object, got an array"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":1} x",
                        null, Violation.MALFORMED_JSON, "not a valid JSON object"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"at\":2,\"agent\":\"a\",\"incarnation\":1}",
                        null, Violation.MALFORMED_JSON, "Duplicate field 'at'"),
                Arguments.of("{\"v\":2,\"at\":1}", "type", Violation.MISSING, "missing required field 'type'"),
                Arguments.of("{\"type\":7,\"v\":2,\"at\":1}", "type", Violation.WRONG_TYPE, "expected a string, got the number 7"),
                Arguments.of("{\"type\":\"seal.frobbed\",\"v\":2,\"at\":1}", "type", Violation.UNKNOWN_TYPE,
                        "unknown event type 'seal.frobbed'"),
                Arguments.of("{\"type\":\"agent.left\",\"at\":1,\"agent\":\"a\",\"incarnation\":1}", "v", Violation.MISSING,
                        "missing required field 'v'"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":3,\"at\":1,\"agent\":\"a\",\"incarnation\":1}", "v",
                        Violation.UNSUPPORTED_VERSION, "newer than this build understands"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":0,\"at\":1,\"agent\":\"a\",\"incarnation\":1}", "v",
                        Violation.UNSUPPORTED_VERSION, "reads versions 1 to 2"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":\"1\",\"agent\":\"a\",\"incarnation\":1}", "at",
                        Violation.WRONG_TYPE, "expected a whole number, got the string \"1\""),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1.5,\"agent\":\"a\",\"incarnation\":1}", "at",
                        Violation.WRONG_TYPE, "got the number 1.5"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":-1,\"agent\":\"a\",\"incarnation\":1}", "at",
                        Violation.OUT_OF_RANGE, "must be >= 0 (got -1)"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":99999999999999999999,\"agent\":\"a\",\"incarnation\":1}",
                        "at", Violation.OUT_OF_RANGE, "does not fit a signed 64-bit long"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":null,\"incarnation\":1}", "agent",
                        Violation.WRONG_TYPE, "got null"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"a b\",\"incarnation\":1}", "agent",
                        Violation.OUT_OF_RANGE, "[A-Za-z0-9._-]"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"" + "x".repeat(65) + "\",\"incarnation\":1}",
                        "agent", Violation.OUT_OF_RANGE, "1-64 characters"),
                Arguments.of("{\"type\":\"agent.left\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":0}", "incarnation",
                        Violation.OUT_OF_RANGE, "must be >= 1 (got 0)"),
                Arguments.of("{\"type\":\"agent.registered\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":1,\"ttlMs\":499}",
                        "ttlMs", Violation.OUT_OF_RANGE, "between 500 and 600000"),
                Arguments.of("{\"type\":\"agent.registered\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":1,\"ttlMs\":600001}",
                        "ttlMs", Violation.OUT_OF_RANGE, "between 500 and 600000"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":0}"), "range.length", Violation.OUT_OF_RANGE,
                        "field 'range.length' is out of range: must be >= 1 (got 0)"),
                Arguments.of(SEAL.formatted("{\"offset\":-1,\"length\":1}"), "range.offset", Violation.OUT_OF_RANGE,
                        "must be >= 0"),
                Arguments.of(SEAL.formatted("{\"offset\":0}"), "range.length", Violation.MISSING,
                        "missing required field 'range.length'"),
                Arguments.of(SEAL.formatted("{\"offset\":9223372036854775000,\"length\":1000}"), "range.length",
                        Violation.OVERFLOW, "offset + length overflows"),
                Arguments.of(SEAL.formatted("{\"offset\":9223372036854775806,\"length\":1}"), null, null, null),
                Arguments.of(SEAL.formatted("[0,1]"), "range", Violation.WRONG_TYPE, "expected an object, got an array"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"pin\"", "\"pinned\""), "kind",
                        Violation.UNKNOWN_VALUE, "unknown value 'pinned' (expected one of: map, pin)"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"pid\":10", "\"pid\":0"), "process.pid",
                        Violation.OUT_OF_RANGE, "must be >= 1"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"pid\":10", "\"pid\":4294967296"),
                        "process.pid", Violation.OUT_OF_RANGE, "does not fit a 32-bit int"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"seal\":\"s\"", "\"seal\":\"\""), "seal",
                        Violation.OUT_OF_RANGE, "non-empty"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"ino\":1", "\"ino\":-1"), "inode.ino",
                        Violation.OUT_OF_RANGE, "must be >= 0"),
                Arguments.of(SEAL.formatted("{\"offset\":0,\"length\":1}").replace("\"fs\":\"f\",", ""), "inode.fs",
                        Violation.MISSING, "missing required field 'inode.fs'"),
                Arguments.of(OP.formatted("recall", "600001"), "breakTimeoutMs", Violation.OUT_OF_RANGE, "between 0 and 600000"),
                Arguments.of(OP.formatted("break", "0"), "policy", Violation.UNKNOWN_VALUE,
                        "expected one of: fail-fast, recall, recall-then-break"),
                Arguments.of(OP.formatted("recall", "10").replace("\"offset\":0", "\"offset\":9223372036854775807"),
                        "range.offset", Violation.OUT_OF_RANGE, "to the end of the file"),
                Arguments.of(OP.formatted("recall", "10"), null, null, null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badEventsNameTheFieldAndTheReason(String payload, String field, Violation violation, String message) {
        if (violation == null) {
            // Control cases: the boundary just inside the rule is accepted.
            assertThat(decodes(payload)).isTrue();
            return;
        }
        assertThatThrownBy(() -> EventCodec.standard().decode(payload))
                .isInstanceOfSatisfying(BadEventException.class, e -> {
                    assertThat(e.violation()).isEqualTo(violation);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static boolean decodes(String payload) {
        try {
            EventCodec.standard().decode(payload);
            return true;
        } catch (BadEventException e) {
            throw new AssertionError("expected '" + payload + "' to decode, got: " + e.getMessage(), e);
        }
    }
}
