package io.daxseal.coordinator.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the loop decided on a thread of its own, so that the loop decides the next batch
 * while the previous one commits (Kafka's coordinator runtime does the same with its write
 * batches). Batches commit in the order they were submitted; every batch waiting when a commit
 * ends goes into the next one together (group commit), up to {@code maxGroup}; a batch nobody waits
 * for may linger a little for one somebody does, so that it costs no transaction of its own. Nothing is
 * answered before its commit: {@link Committed} is told, in order, only after it, and a
 * {@linkplain #barrier barrier} (how a query waits for the state it read) runs only once every
 * batch submitted before it committed.
 *
 * <p>When a commit fails, that batch and every one after it are dropped, the barriers are told
 * they failed, and the pipeline refuses new work until the loop, which must now rebuild its
 * state from what did commit, {@link #reopen reopens} it. Back-pressure: the loop waits in
 * {@link #awaitRoom} while more than a maximum weight (inputs) is decided but not committed.
 *
 * <p>A little over 400 lines, most of it documentation: the queue, the state, the pending weight
 * and the writer's flag are guarded by one lock and change together, so the class stays whole.
 *
 * @param <B> a batch: what one journal entry commits
 */
public final class CommitPipeline<B> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitPipeline.class);

    /** Writes batches in one transaction; throws when it did not commit. */
    public interface Writer<B> {
        /** @return each batch's position in the log (its journal entry's offset), in order */
        long[] write(List<B> batches);
    }

    /** Told of each committed batch, in order, on the pipeline's thread. */
    public interface Committed<B> {
        void committed(B batch, long position);
    }

    /** Where the pipeline is. */
    public enum State {
        /** Takes work and commits it. */
        OPEN,
        /** A commit failed: work is refused until {@link #reopen}. */
        FAILED,
        /** Closed: nothing more is committed. */
        CLOSED
    }

    private sealed interface Item<B> {
    }

    private record Write<B>(B batch, int weight, boolean urgent, long queuedAt) implements Item<B> {
    }

    private record Barrier<B>(Runnable onCommitted, Runnable onFailed) implements Item<B> {
    }

    private final Writer<B> writer;
    private final Committed<B> committed;
    private final ToIntFunction<B> weigher;
    private final Predicate<B> urgent;
    private final long lingerNanos;
    private final int maxGroup;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item<B>> queue = new ArrayDeque<>();
    // Guarded by lock.
    private State state = State.OPEN;
    private RuntimeException failure;
    private boolean writing;
    private long pendingWeight;
    private int pendingBatches;

    /**
     * A pipeline that commits every batch at once.
     *
     * @param weigher how much a batch weighs for back-pressure (its inputs)
     * @param maxGroup the most batches one commit takes
     * @param name the thread's name
     */
    public CommitPipeline(Writer<B> writer, Committed<B> committed, ToIntFunction<B> weigher, int maxGroup,
                          String name) {
        this(writer, committed, weigher, b -> true, Duration.ZERO, maxGroup, name);
    }

    /**
     * A pipeline that lets batches nobody waits for linger: a batch that is not {@code urgent} (it
     * answers nobody: a heartbeat, a release) waits up to {@code linger} for one that is, or for a
     * barrier, and commits with it, so that it costs no transaction of its own.
     *
     * @param urgent whether somebody waits for a batch's commit (it holds decisions)
     * @param linger how long a batch nobody waits for may wait for company
     */
    public CommitPipeline(Writer<B> writer, Committed<B> committed, ToIntFunction<B> weigher, Predicate<B> urgent,
                          Duration linger, int maxGroup, String name) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("a commit takes at least one batch, not " + maxGroup);
        }
        this.writer = writer;
        this.committed = committed;
        this.weigher = weigher;
        this.urgent = urgent;
        this.lingerNanos = linger.toNanos();
        this.maxGroup = maxGroup;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a batch for commit; {@code false} when the pipeline refuses it (failed or closed: it is dropped). */
    public boolean submit(B batch) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            int weight = weigher.applyAsInt(batch);
            queue.addLast(new Write<>(batch, weight, urgent.test(batch), System.nanoTime()));
            pendingWeight += weight;
            pendingBatches++;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code onCommitted} once every batch submitted so far has committed, or {@code onFailed}
     * if one of them does not (at once, when the pipeline is failed or closed). Either runs on the
     * pipeline's thread or the caller's.
     */
    public void barrier(Runnable onCommitted, Runnable onFailed) {
        lock.lock();
        try {
            if (state == State.OPEN) {
                if (queue.isEmpty() && !writing) {
                    lock.unlock();
                    try {
                        onCommitted.run(); // nothing is uncommitted
                    } finally {
                        lock.lock();
                    }
                    return;
                }
                queue.addLast(new Barrier<>(onCommitted, onFailed));
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        onFailed.run();
    }

    /** Submits {@code batch} and waits for its commit; throws the failure when it does not commit. */
    public void commitNow(B batch) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!submit(batch)) {
            throw failureOr("the commit pipeline is " + state());
        }
        barrier(() -> done.complete(null), () -> done.completeExceptionally(failureOr("the commit failed")));
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private RuntimeException failureOr(String message) {
        RuntimeException f = failure();
        return f != null ? f : new IllegalStateException(message);
    }

    /**
     * Waits while more than {@code maxWeight} is decided but not committed (back-pressure).
     *
     * @return how long it waited, in nanoseconds
     */
    public long awaitRoom(long maxWeight) throws InterruptedException {
        long start = System.nanoTime();
        lock.lock();
        try {
            while (state == State.OPEN && pendingWeight > maxWeight) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        return System.nanoTime() - start;
    }

    /** Waits until nothing is being written (after a failure: the loop may then renew the writer). */
    public void awaitIdle() throws InterruptedException {
        awaitIdle(Long.MAX_VALUE);
    }

    /**
     * Waits up to {@code timeoutNanos} until everything queued is committed and nothing is being
     * written (a graceful close drains the pipeline this way).
     *
     * @return whether it is idle
     */
    public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
        lock.lock();
        try {
            while (writing || (state == State.OPEN && !queue.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** After a failure, once the loop rebuilt its state from what committed: takes work again. */
    public void reopen() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                throw new IllegalStateException("the commit pipeline is closed");
            }
            if (writing) {
                throw new IllegalStateException("reopened while a commit is still being written");
            }
            state = State.OPEN;
            failure = null;
        } finally {
            lock.unlock();
        }
    }

    /** Why the last commit failed, while the pipeline is failed; else {@code null}. */
    public RuntimeException failure() {
        lock.lock();
        try {
            return state == State.FAILED ? failure : null;
        } finally {
            lock.unlock();
        }
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Batches decided and not yet committed. */
    public int pendingBatches() {
        lock.lock();
        try {
            return pendingBatches;
        } finally {
            lock.unlock();
        }
    }

    /** Closes: what is queued is dropped (its barriers told they failed); a commit being written ends first. */
    @Override
    public void close() {
        List<Item<B>> dropped;
        lock.lock();
        try {
            state = State.CLOSED;
            dropped = drop();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        failAll(dropped);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            List<Item<B>> group = new ArrayList<>();
            lock.lock();
            try {
                while (state != State.CLOSED && (state == State.FAILED || queue.isEmpty() || lingers())) {
                    if (state == State.OPEN && !queue.isEmpty()) {
                        long left = ((Write<B>) queue.peekFirst()).queuedAt() + lingerNanos - System.nanoTime();
                        try {
                            changed.awaitNanos(Math.max(1, left));
                        } catch (InterruptedException e) {
                            // nobody interrupts this thread but the JVM at exit; the state says whether to go on
                        }
                    } else {
                        changed.awaitUninterruptibly();
                    }
                }
                if (state == State.CLOSED) {
                    return;
                }
                int batches = 0;
                while (!queue.isEmpty() && (batches < maxGroup || !(queue.peekFirst() instanceof Write))) {
                    Item<B> item = queue.pollFirst();
                    group.add(item);
                    if (item instanceof Write) {
                        batches++;
                    }
                }
                writing = true;
            } finally {
                lock.unlock();
            }
            commit(group);
        }
    }

    /**
     * Whether what is queued may wait a little longer (the lock is held): nobody waits for any of
     * it, there is room for more, and the oldest has not waited its linger yet.
     */
    private boolean lingers() {
        if (lingerNanos == 0 || queue.size() >= maxGroup) {
            return false;
        }
        for (Item<B> item : queue) {
            if (!(item instanceof Write<B> w) || w.urgent()) {
                return false;
            }
        }
        return System.nanoTime() - ((Write<B>) queue.peekFirst()).queuedAt() < lingerNanos;
    }

    private void commit(List<Item<B>> group) {
        List<B> batches = new ArrayList<>();
        long weight = 0;
        for (Item<B> item : group) {
            if (item instanceof Write<B> w) {
                batches.add(w.batch());
                weight += w.weight();
            }
        }
        long[] positions;
        try {
            positions = batches.isEmpty() ? new long[0] : writer.write(batches);
        } catch (RuntimeException | Error e) {
            fail(e, group);
            return;
        }
        int i = 0;
        for (int k = 0; k < group.size(); k++) {
            Item<B> item = group.get(k);
            try {
                switch (item) {
                    case Write<B> w -> committed.committed(w.batch(), positions[i++]);
                    case Barrier<B> b -> b.onCommitted().run();
                }
            } catch (RuntimeException e) {
                LOG.warn("what waited for a commit failed: {}", e.toString(), e);
            } catch (Error e) {
                // Out of memory, most likely: this process must not go on committing; the loop ends on the failure.
                fail(e, group.subList(k + 1, group.size()));
                return;
            }
        }
        lock.lock();
        try {
            pendingWeight -= weight;
            pendingBatches -= batches.size();
            writing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the pipeline with {@code e}: what is left of {@code group} and everything queued is dropped. */
    private void fail(Throwable e, List<Item<B>> rest) {
        List<Item<B>> dropped;
        lock.lock();
        try {
            if (state == State.OPEN) {
                state = State.FAILED;
                failure = e instanceof RuntimeException r ? r
                        : new IllegalStateException("the commit thread hit a fatal error: " + e, e);
            }
            dropped = new ArrayList<>(rest);
            dropped.addAll(drop());
            writing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        failAll(dropped);
    }

    /** Empties the queue (the lock is held); the weight of what is dropped goes with it. */
    private List<Item<B>> drop() {
        List<Item<B>> dropped = new ArrayList<>(queue);
        queue.clear();
        pendingWeight = 0;
        pendingBatches = 0;
        return dropped;
    }

    private void failAll(List<Item<B>> dropped) {
        for (Item<B> item : dropped) {
            if (item instanceof Barrier<B> b) {
                try {
                    b.onFailed().run();
                } catch (RuntimeException e) {
                    LOG.warn("what waited for a failed commit failed: {}", e.toString(), e);
                }
            }
        }
    }
}
