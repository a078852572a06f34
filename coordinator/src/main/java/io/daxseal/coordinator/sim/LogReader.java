package io.daxseal.coordinator.sim;

import io.daxseal.events.Event;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code .jsonl} event log one line at a time, decoding each line and keeping its line
 * number. A bad line is returned with its error, never thrown: a reader of a log must go on past
 * it. Blank lines are skipped (they are not events) but still counted in the line numbers.
 */
public final class LogReader implements Closeable {

    /** One non-blank line: its number (from 1), its text, and either its event or why it is bad. */
    public record Line(long number, String text, Event event, BadEventException error) {
        public boolean isBad() {
            return error != null;
        }
    }

    private final BufferedReader reader;
    private final EventCodec codec;
    private long lineNumber;

    public LogReader(Reader reader, EventCodec codec) {
        this.reader = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        this.codec = codec;
    }

    /** Opens a file; {@code -} means standard input. */
    public static LogReader open(Path path, EventCodec codec) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("it is a directory, not a file");
        }
        InputStream in = path.toString().equals("-") ? System.in : Files.newInputStream(path);
        return new LogReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), codec);
    }

    /** The next non-blank line, or {@code null} at the end. */
    public Line next() {
        String text;
        try {
            do {
                text = reader.readLine();
                if (text == null) {
                    return null;
                }
                lineNumber++;
            } while (text.isBlank());
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNumber + 1) + ": " + e.getMessage(), e);
        }
        try {
            return new Line(lineNumber, text, codec.decode(text), null);
        } catch (BadEventException e) {
            return new Line(lineNumber, text, null, e);
        }
    }

    /** Lines read so far, blank ones included. */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
