package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.daxseal.events.Event;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes events as JSON Lines (UTF-8) through one long-lived generator: the fast path for tools
 * that write millions of events. Lines given as bytes ({@link #writeLine}) are copied as they are,
 * so an input keeps its original bytes (unknown fields included) in a decided log.
 */
public final class JsonlWriter implements Flushable, Closeable {

    private final JsonGenerator generator;
    private final OutputStream out;

    JsonlWriter(JsonGenerator generator, OutputStream out) {
        this.generator = generator;
        this.out = out;
        generator.setRootValueSeparator(null);
        // flush() then only moves the generator's buffer into `out`, so raw lines can follow in order.
        generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** Writes one event and a newline. */
    public void write(Event event) {
        try {
            EventWriter.write(event, generator);
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one line of UTF-8 as it is, and a newline. */
    public void writeLine(byte[] line) {
        try {
            generator.flush();
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes everything so far through to the underlying stream. */
    @Override
    public void flush() {
        try {
            generator.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes; the underlying stream is not closed. */
    @Override
    public void close() {
        flush();
        try {
            generator.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
