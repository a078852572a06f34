package io.daxseal.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.AgentLeft;
import io.daxseal.events.Violation;
import io.daxseal.events.json.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogReaderTest {

    private static final String LEFT = "{\"type\":\"agent.left\",\"v\":2,\"at\":5,\"agent\":\"a\",\"incarnation\":1}";

    private static List<LogReader.Line> read(byte[] bytes) {
        LogReader reader = new LogReader(new ByteArrayInputStream(bytes), EventCodec.standard());
        List<LogReader.Line> lines = new ArrayList<>();
        LogReader.Line line;
        while ((line = reader.next()) != null) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void blankLinesAreSkippedButCountedAndTheLastLineNeedsNoNewline() {
        List<LogReader.Line> lines = read(("\n" + LEFT + "\r\n   \n\t\n" + LEFT).getBytes(StandardCharsets.UTF_8));
        assertThat(lines).extracting(LogReader.Line::number).containsExactly(2L, 5L);
        assertThat(lines).allSatisfy(l -> assertThat(l.event()).isEqualTo(new AgentLeft(5, "a", 1)));
        assertThat(lines.get(0).text()).isEqualTo(LEFT); // the \r is not part of the line
    }

    @Test
    void bytesThatAreNotUtf8MakeTheLineBadAndTheNextLineIsStillRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("{\"type\":\"agent.left\",\"v\":2,\"at\":5,\"agent\":\"".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // an invalid two-byte sequence
        out.write("\",\"incarnation\":1}\n".getBytes(StandardCharsets.UTF_8));
        out.write(LEFT.getBytes(StandardCharsets.UTF_8));
        List<LogReader.Line> lines = read(out.toByteArray());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).isBad()).isTrue();
        assertThat(lines.get(0).error().violation()).isEqualTo(Violation.MALFORMED_JSON);
        assertThat(lines.get(0).error().getMessage()).containsIgnoringCase("UTF-8");
        assertThat(lines.get(1).event()).isEqualTo(new AgentLeft(5, "a", 1));
    }

    @Test
    void aLineLongerThanTheReadBufferIsReadWhole() {
        String padding = "x".repeat(200_000);
        String longLine = LEFT.replace("}", ",\"note\":\"" + padding + "\"}");
        List<LogReader.Line> lines = read((longLine + "\n" + LEFT + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).event()).isEqualTo(new AgentLeft(5, "a", 1));
        assertThat(lines.get(0).bytes()).hasSize(longLine.length());
        assertThat(lines.get(1).number()).isEqualTo(2);
    }

    @Test
    void nonAsciiTextSurvivesAsItCame() {
        String line = LEFT.replace("}", ",\"note\":\"zürich ✓\"}");
        List<LogReader.Line> lines = read(line.getBytes(StandardCharsets.UTF_8));
        assertThat(lines.get(0).text()).isEqualTo(line);
        assertThat(lines.get(0).isBad()).isFalse();
    }
}
