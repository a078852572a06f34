package io.daxseal.core.sim;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes a log on a background thread, handing lines over in batches, so that the
 * caller's thread only decides and writes. Decoding is stateless and about half the cost of
 * {@code simulate}; the state machine is single-threaded by design. The queue is bounded, so the
 * reader never runs far ahead of the caller. Whatever stops the reader (a bad stream, an
 * {@code OutOfMemoryError}) reaches the caller as an exception: it never waits for ever.
 */
public final class DecodingPipeline implements Closeable {

    private static final int BATCH = 256;
    private static final int BATCHES_AHEAD = 8;

    /** Marks the end of the log, or carries the error that ended reading. */
    private record End(RuntimeException error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread thread;
    private List<LogReader.Line> batch = List.of();
    private int position;
    private boolean ended;

    public DecodingPipeline(LogReader reader) {
        this.thread = Thread.ofPlatform().name("daxseal-decoder").daemon().start(() -> run(reader));
    }

    private void run(LogReader reader) {
        try {
            List<LogReader.Line> lines = new ArrayList<>(BATCH);
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                lines.add(line);
                if (lines.size() == BATCH) {
                    queue.put(lines);
                    lines = new ArrayList<>(BATCH);
                }
            }
            if (!lines.isEmpty()) {
                queue.put(lines);
            }
            queue.put(new End(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed early: nobody is reading any more
        } catch (RuntimeException e) {
            end(e);
        } catch (Error e) {
            // Out of memory, most likely: say so to the caller instead of leaving it waiting. If even this fails,
            // next() sees this thread gone and says so.
            end(new IllegalStateException("reading the log failed: " + e, e));
        }
    }

    private void end(RuntimeException error) {
        try {
            queue.put(new End(error));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next line, or {@code null} at the end of the log.
     *
     * @throws UncheckedIOException if reading failed part way
     */
    @SuppressWarnings("unchecked")
    public LogReader.Line next() {
        while (position == batch.size()) {
            if (ended) {
                return null;
            }
            Object item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
                if (item == null && !thread.isAlive()) {
                    item = queue.poll(); // it may have ended between the two looks
                    if (item == null) {
                        throw new IllegalStateException("the log reader stopped without finishing the log "
                                + "(a fatal error in its thread; see above)");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the log", e);
            }
            if (item == null) {
                continue;
            }
            if (item instanceof End end) {
                ended = true;
                if (end.error != null) {
                    throw end.error;
                }
                return null;
            }
            batch = (List<LogReader.Line>) item;
            position = 0;
        }
        return batch.get(position++);
    }

    /** Stops the background reader if it is still running. */
    @Override
    public void close() {
        thread.interrupt();
    }
}
