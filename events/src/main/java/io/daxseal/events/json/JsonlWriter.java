package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.daxseal.events.Event;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes events as JSON Lines through one long-lived generator: the fast path for tools that
 * write millions of events. Lines given as text ({@link #writeLine}) are copied as they are, so an
 * input keeps its original bytes (unknown fields included) in a decided log.
 */
public final class JsonlWriter implements Flushable, Closeable {

    private final JsonGenerator generator;

    JsonlWriter(JsonGenerator generator) {
        this.generator = generator;
        generator.setRootValueSeparator(null);
    }

    /** Writes one event and a newline. */
    public void write(Event event) {
        try {
            EventCodec.writeEvent(event, generator);
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one line of text as it is, and a newline. */
    public void writeLine(String line) {
        try {
            generator.writeRaw(line);
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes; the underlying writer is not closed. */
    @Override
    public void close() {
        try {
            generator.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
