package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Violation;
import org.junit.jupiter.api.Test;

/**
 * The upcaster hook: an older schema version is lifted to the current one before binding, one
 * version at a time. v1 has no predecessor, so these tests invent a "v0" where the lease was called
 * {@code leaseMs}, lifted to v1 and then, unchanged, to v2.
 */
class UpcasterTest {

    private final EventCodec codec = EventCodec.builder()
            .upcaster(0, UpcasterTest::renameLease)
            .upcaster(1, v1 -> v1)
            .build();

    private static ObjectNode renameLease(ObjectNode v0) {
        if (v0.has("leaseMs")) {
            v0.set("ttlMs", v0.remove("leaseMs"));
        } else if ("agent.registered".equals(v0.path("type").asText())) {
            throw new IllegalArgumentException("a v0 registration needs leaseMs");
        }
        return v0;
    }

    @Test
    void anOlderVersionIsLiftedBeforeBinding() throws Exception {
        assertThat(codec.decode("{\"type\":\"agent.registered\",\"v\":0,\"at\":1,\"agent\":\"a\",\"incarnation\":2,\"leaseMs\":900}"))
                .isEqualTo(new AgentRegistered(1, "a", 2, 900));
    }

    @Test
    void theCurrentVersionIsNotTouchedByUpcasters() throws Exception {
        assertThat(codec.decode("{\"type\":\"agent.registered\",\"v\":2,\"at\":1,\"agent\":\"a\",\"incarnation\":2,\"ttlMs\":901}"))
                .isEqualTo(new AgentRegistered(1, "a", 2, 901));
    }

    @Test
    void theStandardCodecReadsAVersion1EventAsTheSameVersion2Event() throws Exception {
        assertThat(EventCodec.standard().decode("{\"type\":\"agent.left\",\"v\":1,\"at\":5,\"agent\":\"a\",\"incarnation\":2}"))
                .isEqualTo(new io.daxseal.events.AgentLeft(5, "a", 2));
        assertThatThrownBy(() -> EventCodec.standard().decode("{\"type\":\"agent.left\",\"v\":0,\"at\":5,\"agent\":\"a\",\"incarnation\":2}"))
                .hasMessageContaining("reads versions 1 to 2");
        assertThatThrownBy(() -> EventCodec.standard().decode("{\"type\":\"agent.left\",\"v\":3,\"at\":5,\"agent\":\"a\",\"incarnation\":2}"))
                .hasMessageContaining("newer than this build understands (2)");
    }

    @Test
    void anUpcasterThatCannotLiftReportsABadEvent() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"agent.registered\",\"v\":0,\"at\":1,\"agent\":\"a\",\"incarnation\":2}"))
                .isInstanceOfSatisfying(BadEventException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.UNSUPPORTED_VERSION);
                    assertThat(e.getMessage()).contains("from version 0 to 1").contains("needs leaseMs");
                });
    }

    @Test
    void versionsOlderThanTheChainAreUnsupported() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"agent.left\",\"v\":-1,\"at\":1,\"agent\":\"a\",\"incarnation\":2}"))
                .isInstanceOfSatisfying(BadEventException.class,
                        e -> assertThat(e.getMessage()).contains("reads versions 0 to 2"));
    }

    @Test
    void anUpcasterMustLiftAnOlderVersion() {
        assertThatThrownBy(() -> EventCodec.builder().upcaster(2, e -> e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not older than the current version 2");
    }
}
