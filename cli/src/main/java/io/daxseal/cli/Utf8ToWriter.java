package io.daxseal.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes into a {@link Writer}: lets commands that write bytes run with a caller's writer
 * (an embedding program, the tests). A character split across two writes is carried over.
 */
final class Utf8ToWriter extends OutputStream {

    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);

    Utf8ToWriter(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, pending.remaining());
            pending.put(bytes, offset, n);
            offset += n;
            length -= n;
            drain();
        }
    }

    private void drain() throws IOException {
        pending.flip();
        decoder.decode(pending, chars, false);
        pending.compact(); // keeps the bytes of a character not yet complete
        chars.flip();
        writer.append(chars);
        chars.clear();
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }
}
