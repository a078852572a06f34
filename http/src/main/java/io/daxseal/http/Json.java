package io.daxseal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.daxseal.events.WireEnum;
import java.io.IOException;

/** The APIs' JSON: records as objects, protocol enums by their wire names ({@code recall-then-break}). */
public final class Json {

    /** The mapper both APIs and their client use. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule().addSerializer(WireEnum.class, new JsonSerializer<>() {
                @Override
                public void serialize(WireEnum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(value.wire());
                }
            }));

    private Json() {
    }
}
