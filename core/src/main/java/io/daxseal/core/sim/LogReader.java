package io.daxseal.core.sim;

import io.daxseal.events.Event;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a {@code .jsonl} event log one line at a time, decoding each line and keeping its line
 * number. A bad line is returned with its error, never thrown: a reader of a log must go on past
 * it. Blank lines are skipped (they are not events) but still counted in the line numbers.
 *
 * <p>Lines stay bytes: the decoder parses UTF-8 directly and a decided log copies an input's
 * bytes as they came, so no line is turned into a {@code String} unless it is reported. Bytes
 * that are not UTF-8 make the line bad ({@code malformed-json}), not a line of replacement
 * characters.
 */
public final class LogReader implements Closeable {

    /** One non-blank line: its number (from 1), its bytes, and either its event or why it is bad. */
    public record Line(long number, byte[] bytes, Event event, BadEventException error) {
        public boolean isBad() {
            return error != null;
        }

        /** The line as text, for messages. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;
    private final EventCodec codec;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long lineNumber;

    public LogReader(InputStream in, EventCodec codec) {
        this.in = in;
        this.codec = codec;
    }

    /** Opens a file; {@code -} means standard input. */
    public static LogReader open(Path path, EventCodec codec) throws IOException {
        if (path.toString().equals("-")) {
            return new LogReader(System.in, codec);
        }
        if (Files.isDirectory(path)) {
            throw new IOException("it is a directory, not a file");
        }
        return new LogReader(Files.newInputStream(path), codec);
    }

    /** The next non-blank line, or {@code null} at the end. */
    public Line next() {
        byte[] bytes;
        try {
            do {
                bytes = readLine();
                if (bytes == null) {
                    return null;
                }
                lineNumber++;
            } while (isBlank(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNumber + 1) + ": " + e.getMessage(), e);
        }
        try {
            return new Line(lineNumber, bytes, codec.decode(bytes), null);
        } catch (BadEventException e) {
            return new Line(lineNumber, bytes, null, e);
        }
    }

    /** Lines read so far, blank ones included. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line without its end ({@code \n} or {@code \r\n}), or {@code null} at the end of input. */
    private byte[] readLine() throws IOException {
        byte[] partial = null; // a line that spans buffer refills
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    byte[] line = concat(partial, buffer, position, i);
                    position = i + 1;
                    return stripCarriageReturn(line);
                }
            }
            partial = concat(partial, buffer, position, limit);
            position = 0;
            limit = in.read(buffer);
            if (limit <= 0) {
                limit = 0;
                return partial.length == 0 ? null : stripCarriageReturn(partial);
            }
        }
    }

    private static byte[] concat(byte[] head, byte[] buffer, int from, int to) {
        if (head == null || head.length == 0) {
            return Arrays.copyOfRange(buffer, from, to);
        }
        byte[] joined = Arrays.copyOf(head, head.length + (to - from));
        System.arraycopy(buffer, from, joined, head.length, to - from);
        return joined;
    }

    private static byte[] stripCarriageReturn(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
