package io.daxseal.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.Event;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

/** Encoding then decoding any valid event gives it back, as text and as bytes. */
class CodecProperties {

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.event();
    }

    @Property(tries = 2000)
    void encodeThenDecodeIsIdentity(@ForAll("events") Event event) throws Exception {
        EventCodec codec = EventCodec.standard();
        String json = codec.encode(event);
        assertThat(json).doesNotContain("\n");
        assertThat(codec.decode(json)).isEqualTo(event);
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(event);
    }
}
