package io.daxseal.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.daxseal.events.WireEnum;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The JSON view of {@code replay}: the snapshot records as they are, enums by their wire names. */
final class SnapshotJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(WireEnum.class, new WireEnumSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private SnapshotJson() {
    }

    static void write(ReplayCommand.ReplayView view, PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(view));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class WireEnumSerializer extends StdSerializer<WireEnum> {
        WireEnumSerializer() {
            super(WireEnum.class);
        }

        @Override
        public void serialize(WireEnum value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeString(value.wire());
        }
    }
}
