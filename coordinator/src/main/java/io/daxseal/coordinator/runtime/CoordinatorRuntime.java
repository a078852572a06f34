package io.daxseal.coordinator.runtime;

import io.daxseal.coordinator.loop.CommitPipeline;
import io.daxseal.coordinator.loop.LogPartition;
import io.daxseal.coordinator.loop.LoopStep;
import io.daxseal.coordinator.loop.Polled;
import io.daxseal.coordinator.loop.RuntimeState;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's runtime on Kafka, pipelined. The loop thread owns the {@link SealMachine}: it
 * reads inputs ({@link LogReader}), lets {@link LoopStep} say what to decide at which time (rule 7),
 * decides, and hands each journal entry to the {@link CommitPipeline}, whose thread commits the
 * decisions, their inbox copies and the entries in one transaction ({@link JournalWriter}) while the
 * loop decides the next batch. Nothing outside sees a decision before its commit: the agents read
 * their inbox at {@code read_committed}, listeners are told after the commit, and a query reads the
 * loop's state but is answered only once every entry decided before it committed. When a commit
 * fails, the loop drops its state and reloads it from what committed (a new producer aborts the
 * failed transaction), and the queries waiting on it are asked again. See the package documentation.
 *
 * <p>Its life is a {@link RuntimeState} with checked moves: loading, active, recovering, then one of
 * standby (lost the election), fenced, failed or closed.
 *
 * <p>Why this class is longer than 400 lines: what is left is the loop itself (read, step, decide,
 * hand over, recover) and its public face, and the loop's state (the machine, the next step, the
 * journal count) is owned by its one thread and rebuilt together on every recovery; the adapters
 * that give {@link LoopStep} and {@link DeferredQuery} their view of it are a few lines each. The
 * parts with a job of their own are apart and tested alone: {@link LoopStep} and
 * {@link CommitPipeline} (no Kafka), {@link LogReader}, {@link JournalWriter}, {@link BatchDecider},
 * {@link LogLoader}, {@link TopicSetup}.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);
    /** Back-pressure: the loop reads no more while this many inputs are decided but not committed. */
    static final int MAX_PENDING_INPUTS = 20_000;
    /**
     * How long an entry without decisions (heartbeats, releases: nobody waits for its commit) may
     * wait to share a transaction with the next one that has: half the transactions of a
     * pin-release cycle. Losing it in a crash costs nothing: its inputs stay in the log after the
     * journal's position, and the next instance decides them again.
     */
    static final Duration SILENT_LINGER = Duration.ofMillis(10);
    /** The most journal entries one transaction takes. */
    static final int MAX_ENTRIES_PER_COMMIT = 256;

    private final CoordinatorConfig config;
    private final EventCodec codec = EventCodec.standard();
    private final RuntimeMetrics metrics;
    private final TopicSetup.Layout layout;
    private final JournalWriter writer;
    private final LogReader reader;
    private final KafkaConsumer<String, byte[]> loaderConsumer;
    private final BatchDecider decider;
    private final LoopStep<LogRecord> step;
    private final CommitPipeline<DecidedEntry> pipeline;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CommitListeners listeners = new CommitListeners();
    private final CompletableFuture<LogLoader.Loaded> loaded = new CompletableFuture<>();
    /** Whether this instance may still write (it leads its election); checked before every read and every commit. */
    private final BooleanSupplier mayWrite;
    private volatile RuntimeState state = RuntimeState.LOADING;
    private volatile String failure;
    private volatile Throwable cause;
    private volatile LogLoader.Loaded lastLoad;
    /** Writes snapshots from a shadow copy, fed after each commit; made at the first load, then read by the pipeline. */
    private volatile SnapshotTaker snapshots;

    // Owned by the loop thread.
    private SealMachine machine;
    private long nextStep;
    /** Journal entries decided (committed or in the pipeline): the position a query reports with the state it read. */
    private long journalEntries;
    private long readNanos;

    private CoordinatorRuntime(CoordinatorConfig config, MeterRegistry registry, TopicSetup.Layout layout,
                               BooleanSupplier mayWrite) {
        this.config = config;
        this.mayWrite = mayWrite;
        this.layout = layout;
        this.metrics = new RuntimeMetrics(registry);
        this.writer = new JournalWriter(config, codec, metrics);
        this.reader = new LogReader(config, codec);
        this.loaderConsumer = ClientSettings.reader(config.bootstrapServers(), config.transactionalId() + "-loader")
                .with(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5)
                .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .newConsumer();
        this.decider = new BatchDecider(config.topics(), codec, metrics);
        this.step = new LoopStep<>(new Io(), config.stallWarning().toMillis(), config.pollTimeout().toMillis(),
                config.instanceId());
        this.pipeline = new CommitPipeline<>(this::write, this::committed, DecidedEntry::weight,
                DecidedEntry::answersSomebody, SILENT_LINGER, MAX_ENTRIES_PER_COMMIT,
                "daxseal-commit-" + config.instanceId());
        this.thread = new Thread(this::run, "daxseal-coordinator-" + config.instanceId());
    }

    /**
     * Creates the missing topics, starts the loop, and returns once the log is loaded and the
     * coordinator decides live.
     *
     * @throws IllegalStateException when the cluster cannot be reached or loading fails
     */
    public static CoordinatorRuntime start(CoordinatorConfig config, MeterRegistry registry, Duration loadTimeout)
            throws InterruptedException {
        return start(config, registry, loadTimeout, () -> true);
    }

    /**
     * As {@link #start(CoordinatorConfig, MeterRegistry, Duration)}, for an instance that holds its
     * right to write through an election: the loop stops (without writing) as soon as
     * {@code mayWrite} turns false, and never re-initializes its producer after a failed
     * transaction without it, since that would fence the instance that now leads.
     */
    public static CoordinatorRuntime start(CoordinatorConfig config, MeterRegistry registry, Duration loadTimeout,
                                           BooleanSupplier mayWrite) throws InterruptedException {
        TopicSetup.Layout layout = TopicSetup.ensure(config, loadTimeout);
        CoordinatorRuntime runtime = new CoordinatorRuntime(config, registry, layout, mayWrite);
        runtime.thread.start();
        try {
            LogLoader.Loaded l = runtime.loaded.get(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("coordinator {}: loaded from {}, then {} inputs and {} decisions of the log after it, up to journal "
                    + "entry {} ({} bad records, {} foreign decisions kept in the log, not applied)", config.instanceId(),
                    l.origin().describe(), l.inputsReplayed(), l.decisionsReplayed(), l.entries(), l.badRecords(),
                    l.foreignDecisions());
            return runtime;
        } catch (ExecutionException e) {
            runtime.close();
            throw new IllegalStateException("the coordinator could not load its log: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            runtime.close();
            throw new IllegalStateException("the coordinator did not finish loading its log from "
                    + config.bootstrapServers() + " within " + loadTimeout.toSeconds() + " s");
        }
    }

    /** Thrown when the election says another instance leads now. */
    private static final class LeadershipLost extends RuntimeException {
        LeadershipLost() {
            super("this instance no longer leads the coordinator election; another instance decides now");
        }
    }

    /**
     * Where the coordinator is: how many journal entries it has committed, and the digest of its
     * state after them. {@link LogAudit} replays that many entries to compare (S4).
     */
    public record Position(long journalEntries, String digest, long clock) {
    }

    public CompletableFuture<Position> position() {
        return query(m -> new Position(journalEntries, m.digest(), m.clock()));
    }

    /**
     * Runs {@code query} on the loop thread and answers once everything decided before it has
     * committed: the answer never shows a decision that might still be rolled back. When a commit
     * fails first, the query is run again on the state reloaded from the log.
     */
    public <T> CompletableFuture<T> query(Function<SealMachine, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!state.alive()) {
            result.completeExceptionally(stopped());
            return result;
        }
        tasks.add(new DeferredQuery<>(queryHost, query, result));
        reader.wakeup();
        return result;
    }

    private final DeferredQuery.Host queryHost = new DeferredQuery.Host() {
        @Override
        public SealMachine machineIfAlive() {
            return state.alive() ? machine : null;
        }

        @Override
        public CommitPipeline<DecidedEntry> pipeline() {
            return pipeline;
        }

        @Override
        public void again(DeferredQuery<?> query) {
            tasks.add(query);
            reader.wakeup();
        }

        @Override
        public RuntimeException stopped() {
            return CoordinatorRuntime.this.stopped();
        }
    };

    private IllegalStateException stopped() {
        return new IllegalStateException(failure != null ? failure : "the coordinator stopped");
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CommitListener listener) {
        listeners.remove(listener);
    }

    /** Where this runtime is in its life. */
    public RuntimeState state() {
        return state;
    }

    /** Whether the loop stopped on a fatal error (an {@link Error}): the process should end, not retry. */
    public boolean fatal() {
        return state == RuntimeState.FAILED && cause instanceof Error;
    }

    /** Whether the loop stopped because another writer of the same log fenced it (not for a lost election). */
    public boolean fenced() {
        return state == RuntimeState.FENCED;
    }

    /** Why the loop stopped, or {@code null} while it runs. */
    public String failure() {
        return failure;
    }

    public boolean running() {
        return state.alive();
    }

    /** Where the last load started: the log's beginning, or which snapshot. */
    public String loadedFrom() {
        LogLoader.Loaded l = lastLoad;
        return l == null ? "not loaded" : l.origin().describe();
    }

    public CoordinatorConfig config() {
        return config;
    }

    @Override
    public void close() {
        end(RuntimeState.CLOSED, null, null);
        reader.wakeup();
        loaderConsumer.wakeup(); // a load under way stops too
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Moves to {@code to} while alive (the first end says why); a move not allowed is a bug and throws. */
    private synchronized boolean end(RuntimeState to, String message, Throwable why) {
        if (!state.alive()) {
            return false;
        }
        if (message != null) {
            failure = message;
            cause = why;
            if (why == null) {
                LOG.warn(message);
            } else {
                LOG.error(message, why);
            }
        }
        state = state.moveTo(to);
        return true;
    }

    private synchronized void moveTo(RuntimeState to) {
        if (state.alive()) {
            state = state.moveTo(to);
        }
    }

    // ----------------------------------------------------------------------------------- loop

    private void run() {
        LogBeginningGoneException refusal = null;
        try {
            writer.init();
            try {
                loadAndResume();
            } catch (KafkaException e) {
                rethrowIfFatal(e);
                recover(e);
            }
            moveTo(RuntimeState.ACTIVE);
            loaded.complete(lastLoad);
            while (state.alive()) {
                runTasks();
                if (!mayWrite.getAsBoolean()) {
                    throw new LeadershipLost();
                }
                RuntimeException failed = pipeline.failure();
                if (failed != null) {
                    rethrowIfFatal(failed);
                    recover(failed);
                    continue;
                }
                long waited = pipeline.awaitRoom(MAX_PENDING_INPUTS);
                if (waited > 1_000_000) {
                    metrics.backpressure.record(waited, TimeUnit.NANOSECONDS);
                }
                try {
                    long wait = step.pollTimeout(config.clock().millis());
                    List<Polled<LogRecord>> read = reader.poll(Duration.ofMillis(wait));
                    readNanos = System.nanoTime();
                    (read.isEmpty() ? metrics.readsEmpty : metrics.readsWithRecords).increment();
                    step.step(read, Math.max(config.clock().millis(), machine.clock()), wait);
                    metrics.heldRecords.set(step.held());
                    metrics.pendingEntries.set(pipeline.pendingBatches());
                    metrics.consumerLag.set(reader.lag());
                } catch (WakeupException e) {
                    // a query, an answer about the logs' ends, or close: go round
                }
            }
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException e) {
            end(RuntimeState.FENCED, "another coordinator instance with transactional id '" + config.transactionalId()
                    + "' took over, or this one may no longer write (" + e.getClass().getSimpleName()
                    + "); this instance stops", e);
        } catch (LeadershipLost e) {
            end(RuntimeState.STANDBY, e.getMessage(), null);
        } catch (LogBeginningGoneException e) {
            refusal = e;
            end(RuntimeState.FAILED, e.getMessage(), null);
        } catch (WakeupException e) {
            // closed while loading
        } catch (InterruptedException e) {
            end(RuntimeState.FAILED, "the coordinator loop was interrupted", null);
        } catch (RuntimeException e) {
            end(RuntimeState.FAILED, "the coordinator loop failed: " + e, e);
        } catch (Error e) {
            // Out of memory, most likely: the state may be half-applied, so this instance must not go on. Say so, and
            // let whoever runs it end the process (the command line does) rather than leave it hanging.
            end(RuntimeState.FAILED, "the coordinator loop hit a fatal error and stopped: " + e, e);
        } finally {
            end(RuntimeState.CLOSED, null, null);
            loaded.completeExceptionally(refusal != null ? refusal : stopped());
            drainIfClosedCleanly();
            pipeline.close();
            runTasks(); // answer waiting queries (with the failure)
            SnapshotTaker s = snapshots;
            if (s != null) {
                s.close();
            }
            writer.close();
            reader.close();
            loaderConsumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A clean close commits what was decided before it (for at most 5 s): what it drops is not lost
     * (the inputs stay in the log after the journal's position and the next instance decides them
     * again), but the agents waiting on those decisions would wait for that instance.
     */
    private void drainIfClosedCleanly() {
        if (state != RuntimeState.CLOSED || failure != null) {
            return; // fenced, failed or standing by: it must not write any more
        }
        try {
            if (!pipeline.awaitIdle(TimeUnit.SECONDS.toNanos(5))) {
                LOG.warn("coordinator {}: closing with decisions not yet committed after 5 s; the next instance decides "
                        + "their inputs again", config.instanceId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fenced producer, a lost election or an error of the commit thread ends the loop; other Kafka errors do not. */
    private static void rethrowIfFatal(RuntimeException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        if (!(e instanceof KafkaException) || e instanceof ProducerFencedException
                || e instanceof InvalidProducerEpochException || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException) {
            throw e;
        }
    }

    /**
     * Loads the log, resumes where the journal says, and starts every live lease afresh (rule 6).
     *
     * @throws KafkaException when the re-arm did not commit (the caller recovers)
     */
    private void loadAndResume() throws InterruptedException {
        LogLoader loader = new LogLoader(loaderConsumer, config.topics(), layout, codec);
        LogLoader.Loaded l = loader.load();
        machine = l.machine();
        journalEntries = l.entries();
        nextStep = l.nextStep();
        writer.resumeAt(l.nextSeq());
        reader.assign(loader.logPartitions(), l.positions());
        if (snapshots == null) {
            // Its shadow loads what this load loaded, on its own thread, then follows the commits from here on.
            SnapshotTaker s = new SnapshotTaker(config, layout, metrics, l.entries());
            s.start();
            snapshots = s;
        }
        long now = Math.max(config.clock().millis(), machine.clock());
        machine.rearmLeases(now);
        pipeline.commitNow(new DecidedEntry(List.of(), JournalEntry.rearm(now, nextStep), List.of(), 0));
        journalEntries++;
        nextStep++;
        metrics.liveSeals.set(machine.liveSealCount());
        step.reset(now); // the reader was sought back to the journal's positions: what was held will be read again
        lastLoad = l;
    }

    /**
     * A commit failed: the machine holds decisions that did not commit. Renews the producer (which
     * aborts the open transaction) and reloads from the log; until the cluster answers, keeps trying.
     */
    private void recover(RuntimeException why) throws InterruptedException {
        metrics.transactionFailures.increment();
        LOG.warn("coordinator {}: a transaction failed ({}); starting a new producer (which aborts it) and reloading the "
                + "state from the log", config.instanceId(), why.toString());
        moveTo(RuntimeState.RECOVERING);
        pipeline.awaitIdle();
        long backoff = 200;
        while (state.alive()) {
            if (!mayWrite.getAsBoolean()) {
                throw new LeadershipLost(); // a new producer would fence the instance that leads now
            }
            try {
                writer.renew();
                pipeline.reopen();
                loadAndResume();
                moveTo(RuntimeState.ACTIVE);
                LOG.info("coordinator {}: recovered; state reloaded from the log", config.instanceId());
                return;
            } catch (KafkaException e) {
                rethrowIfFatal(e);
                LOG.warn("coordinator {}: cannot recover yet ({}); retrying in {} ms", config.instanceId(), e.toString(),
                        backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    /** Decides what {@link LoopStep} says, and hands the journal entry to the pipeline. */
    private void decide(Map<LogPartition, List<Polled<LogRecord>>> records, long at) {
        long firstStep = nextStep;
        BatchDecider.Decided d = decider.decide(machine, records, at, firstStep);
        if (d.out().isEmpty() && !d.anyInput()) {
            return; // only our own decisions read back, or nothing: no state changed, nothing to journal
        }
        nextStep = d.lastStep() + 1;
        journalEntries++;
        pipeline.submit(new DecidedEntry(d.out(), JournalEntry.batch(at, firstStep, d.runs()), d.inputs(), readNanos));
        metrics.liveSeals.set(machine.liveSealCount());
        metrics.inodes.set(machine.rememberedInodes());
        metrics.agents.set(machine.rememberedAgents());
    }

    /** The pipeline's writer: refuses once this instance no longer leads, since its commit could fence the leader's. */
    private long[] write(List<DecidedEntry> entries) {
        if (!mayWrite.getAsBoolean()) {
            throw new LeadershipLost();
        }
        return writer.write(entries);
    }

    /** Told by the pipeline, in order, after each entry's commit: only now is anybody told. */
    private void committed(DecidedEntry e, long journalOffset) {
        snapshots.committed(new SnapshotTaker.Committed(e.entry(), journalOffset, e.inputs(), e.out()));
        if (e.readNanos() > 0 && e.answersSomebody()) { // an entry nobody waits for may linger: not a latency
            metrics.decisionLatency.record(System.nanoTime() - e.readNanos(), TimeUnit.NANOSECONDS);
        }
        if (!e.out().isEmpty()) {
            List<Decision> decisions = e.out().stream().map(TaggedDecision::decision).toList();
            decisions.forEach(metrics::decided);
            listeners.committed(decisions);
        }
    }

    private void runTasks() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    /** What {@link LoopStep} reads and decides with: this runtime's machine, reader and pipeline. */
    private final class Io implements LoopStep.Io<LogRecord> {

        @Override
        public OptionalLong nextTimerAt() {
            return machine.nextTimerAt();
        }

        @Override
        public long clock() {
            return machine.clock();
        }

        @Override
        public void decide(Map<LogPartition, List<Polled<LogRecord>>> records, long at) {
            CoordinatorRuntime.this.decide(records, at);
        }

        @Override
        public Set<LogPartition> partitions() {
            return reader.partitions();
        }

        @Override
        public long position(LogPartition partition) {
            return reader.position(partition);
        }

        @Override
        public CompletableFuture<Map<LogPartition, Long>> endOffsets() {
            CompletableFuture<Map<LogPartition, Long>> ends = reader.endOffsets();
            ends.whenComplete((m, e) -> reader.wakeup()); // the loop may be waiting for it in a read
            return ends;
        }

        @Override
        public void stalled(long ms) {
            metrics.stalls.increment();
            LOG.warn("coordinator {}: the loop did not run for about {} ms (a GC pause, SIGSTOP, a slow machine?); timers "
                    + "still wait for the input appended by their due time", config.instanceId(), ms);
        }
    }
}
