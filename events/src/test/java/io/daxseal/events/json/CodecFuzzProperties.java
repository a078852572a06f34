package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.Event;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the codec, where bad input comes in from Kafka and from files: random bytes, and valid
 * events with one mutation (a character changed, inserted or dropped, a number swapped for an
 * extreme one, the text cut). Every input either decodes to an event that encodes back to the
 * same event, or is refused with a {@link BadEventException} that names its violation and says
 * why; nothing else (no other exception, no hang).
 */
class CodecFuzzProperties {

    private static final EventCodec CODEC = EventCodec.standard();
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final String[] EXTREMES = {"18446744073709555712", "-1", "9223372036854775808", "1e309", "0.5",
        "-9223372036854775809", "\"1\"", "null", "true", "[]", "{}", "1E2"};

    private static void decodeOrRefuse(byte[] input) {
        INPUTS.incrementAndGet();
        try {
            Event e = CODEC.decode(input);
            assertThat(CODEC.decode(CODEC.encodeBytes(e))).isEqualTo(e);
            DECODED.incrementAndGet();
        } catch (BadEventException refused) {
            assertThat(refused.violation()).isNotNull();
            assertThat(refused.getMessage()).isNotBlank();
            REFUSED.incrementAndGet();
        }
    }

    @Property(tries = 3000)
    void randomBytesAreDecodedOrRefused(@ForAll byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 3000)
    void mutatedEventsAreDecodedOrRefused(@ForAll("mutated") String json) {
        decodeOrRefuse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> valid = EventArbitraries.event().map(CODEC::encode);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 10_000),
                Arbitraries.chars().all(), Arbitraries.of(EXTREMES)).as(CodecFuzzProperties::mutate);
    }

    private static String mutate(String json, int how, int where, char c, String extreme) {
        int at = where % Math.max(1, json.length());
        return switch (how) {
            case 0 -> json.substring(0, at) + c + json.substring(Math.min(json.length(), at + 1));
            case 1 -> json.substring(0, at) + c + json.substring(at);
            case 2 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1));
            case 3 -> json.replaceFirst("(?<=:)-?\\d+", extreme);
            default -> json.substring(0, at);
        };
    }

    @AfterContainer
    static void summary() {
        System.out.printf("fuzz: event codec: %d inputs, %d decoded, %d refused with a named violation%n",
                INPUTS.get(), DECODED.get(), REFUSED.get());
    }
}
