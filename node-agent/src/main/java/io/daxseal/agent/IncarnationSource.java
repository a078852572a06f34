package io.daxseal.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Hands out incarnation numbers that always grow: {@code max(last + 1, now in ms)}. With a file
 * the last number survives restarts even if the clock steps back; without one, the wall clock alone
 * keeps a restarted agent above its previous life (as long as the clock does not go back).
 */
final class IncarnationSource {

    private final Optional<Path> file;
    private final InstantSource clock;
    private long last;

    IncarnationSource(Optional<Path> file, InstantSource clock) {
        this.file = file;
        this.clock = clock;
        this.last = file.filter(Files::exists).map(IncarnationSource::read).orElse(0L);
    }

    synchronized long next() {
        last = Math.max(last + 1, clock.millis());
        file.ifPresent(f -> write(f, last));
        return last;
    }

    private static long read(Path f) {
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8).trim();
            return Long.parseLong(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the incarnation file " + f, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the incarnation file " + f + " does not hold a number; "
                    + "delete it only if this agent's earlier incarnations are all gone", e);
        }
    }

    /** Written to a temporary file and moved, so a crash never leaves a half-written number. */
    private static void write(Path f, long value) {
        try {
            Path parent = f.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".incarnation", ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the incarnation file " + f, e);
        }
    }
}
