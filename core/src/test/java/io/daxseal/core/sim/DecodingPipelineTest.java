package io.daxseal.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.events.json.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The decoding thread's end always reaches the caller: the end of the log, an error, even a fatal one. */
class DecodingPipelineTest {

    private static final String LINE = "{\"type\":\"agent.left\",\"v\":2,\"at\":5,\"agent\":\"a\",\"incarnation\":1}\n";

    /** A stream that gives some lines, then fails as a JVM out of memory would. */
    private static InputStream failingAfterOneLine(Error error) {
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw error;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw error;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(LINE.getBytes(StandardCharsets.UTF_8)), failing);
    }

    @Test
    @Timeout(10)
    void anOutOfMemoryErrorInTheReaderEndsTheCallersWaitWithAClearError() {
        try (DecodingPipeline lines = new DecodingPipeline(new LogReader(failingAfterOneLine(
                new OutOfMemoryError("Java heap space")), EventCodec.standard()))) {
            assertThatThrownBy(() -> {
                while (lines.next() != null) {
                    // read on until the failure
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("OutOfMemoryError")
                    .hasMessageContaining("Java heap space");
        }
    }

    @Test
    @Timeout(10)
    void anyOtherErrorInTheReaderEndsTheWaitToo() {
        try (DecodingPipeline lines = new DecodingPipeline(new LogReader(failingAfterOneLine(new StackOverflowError()),
                EventCodec.standard()))) {
            assertThatThrownBy(() -> {
                while (lines.next() != null) {
                    // read on
                }
            }).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aWholeLogIsReadToItsEnd() {
        try (DecodingPipeline lines = new DecodingPipeline(new LogReader(new ByteArrayInputStream((LINE + LINE)
                .getBytes(StandardCharsets.UTF_8)), EventCodec.standard()))) {
            assertThat(lines.next()).isNotNull();
            assertThat(lines.next()).isNotNull();
            assertThat(lines.next()).isNull();
        }
    }
}
