package io.daxseal.core.sim;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and decodes a log on a background thread, handing lines over in batches, so that the
 * caller's thread only decides and writes. Decoding is stateless and about half the cost of
 * {@code simulate}; the state machine is single-threaded by design. The queue is bounded, so the
 * reader never runs far ahead of the caller.
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
            try {
                queue.put(new End(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
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
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the log", e);
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
