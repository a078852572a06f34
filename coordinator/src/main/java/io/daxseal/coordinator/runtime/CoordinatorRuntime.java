package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.json.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's event loop on Kafka. One thread owns the {@link SealMachine}: it polls inputs,
 * fires due timers, decides, and commits decisions, inbox copies and a journal entry in one
 * transaction; only then are listeners told and queries answered, so nothing outside sees a
 * decision that might still be rolled back. See the package documentation for the design.
 *
 * <p>Why this class is longer than 400 lines: what is left is the loop itself (poll, decide around
 * due timers, commit, recover) and its public face, and the loop's state (the machine, the next
 * step, the journal position) is owned by its one thread and rebuilt together by
 * {@code loadAndResume} on every recovery; splitting it further would share that mutable state
 * across classes. The parts with a job of their own are apart: {@link JournalWriter} (the
 * transaction), {@link BatchDecider} (deciding a batch), {@link DueTimerGate} (rule 7 around due
 * timers), {@link StallWatch}, {@link TopicSetup}, {@link LogLoader}. The pipelined runtime of
 * the "grants faster" issue replaces this loop.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final CoordinatorConfig config;
    private final EventCodec codec = EventCodec.standard();
    private final RuntimeMetrics metrics;
    private final TopicSetup.Layout layout;
    private final JournalWriter writer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final DueTimerGate gate;
    private final BatchDecider decider;
    private final StallWatch stalls;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CommitListeners listeners = new CommitListeners();
    private final CompletableFuture<LogLoader.Loaded> loaded = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile String failure;
    /** Whether this instance may still write (it leads its election); checked before every poll and recovery. */
    private final java.util.function.BooleanSupplier mayWrite;

    // Owned by the loop thread.
    private SealMachine machine;
    /** Writes snapshots from a shadow copy, fed after each commit; made at the first load. */
    private SnapshotTaker snapshots;
    private long nextStep;
    private long journalEntries;

    private CoordinatorRuntime(CoordinatorConfig config, MeterRegistry registry, TopicSetup.Layout layout,
                               java.util.function.BooleanSupplier mayWrite) {
        this.config = config;
        this.mayWrite = mayWrite;
        this.layout = layout;
        this.metrics = new RuntimeMetrics(registry);
        this.writer = new JournalWriter(config, codec, metrics);
        this.consumer = consumerSettings(config).newConsumer();
        this.gate = new DueTimerGate(consumer, config.instanceId());
        this.decider = new BatchDecider(config.topics(), codec, metrics);
        this.stalls = new StallWatch(config.stallRearm().toMillis());
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
                                           java.util.function.BooleanSupplier mayWrite) throws InterruptedException {
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

    /** Thrown inside the loop when the election says another instance leads now. */
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

    /** Runs {@code query} on the loop thread, against committed state. */
    public <T> CompletableFuture<T> query(Function<SealMachine, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException(failure != null ? failure : "the coordinator stopped"));
            return result;
        }
        tasks.add(() -> {
            try {
                result.complete(query.apply(machine));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        consumer.wakeup();
        return result;
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CommitListener listener) {
        listeners.remove(listener);
    }

    private volatile boolean fenced;
    /** Set when loading refused a log whose beginning is gone: {@link #start} throws it as the cause. */
    private volatile LogBeginningGoneException refusal;
    private volatile boolean fatal;

    /** Whether the loop stopped on a fatal error (an {@link Error}): the process should end, not retry. */
    public boolean fatal() {
        return fatal;
    }

    /** Whether the loop stopped because another writer of the same log fenced it (not for a lost election). */
    public boolean fenced() {
        return fenced;
    }

    /** Why the loop stopped, or {@code null} while it runs. */
    public String failure() {
        return failure;
    }

    public boolean running() {
        return running;
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
        running = false;
        consumer.wakeup();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ----------------------------------------------------------------------------------- loop

    private void run() {
        try {
            writer.init();
            loadAndResume();
            loaded.complete(lastLoad);
            while (running) {
                runTasks();
                if (!mayWrite.getAsBoolean()) {
                    throw new LeadershipLost();
                }
                try {
                    long wait = pollTimeoutMs();
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(wait));
                    long started = System.nanoTime();
                    long readAt = Math.max(config.clock().millis(), machine.clock());
                    noteStall(readAt, wait);
                    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = batchOf(records);
                    OptionalLong fireAt = machine.nextTimerAt(); // a timer due at D fires at D + 1 (rule 7)
                    if (fireAt.isPresent() && readAt >= fireAt.getAsLong()) {
                        decideAroundTimers(batch, fireAt.getAsLong() - 1, readAt, started);
                    } else {
                        gate.noTimerDue();
                        if (rearmIfStalled(readAt)) {
                            process(gate.withHeld(batch), readAt, started);
                        } // else: the re-arm did not commit; recover() reloaded, and the records will be read again
                    }
                    updateLag();
                } catch (WakeupException e) {
                    // a query or close: go round
                }
            }
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException e) {
            fenced = true;
            fail("another coordinator instance with transactional id '" + config.transactionalId()
                    + "' took over, or this one may no longer write (" + e.getClass().getSimpleName()
                    + "); this instance stops", e);
        } catch (LeadershipLost e) {
            fail(e.getMessage(), null);
        } catch (LogBeginningGoneException e) {
            refusal = e;
            fail(e.getMessage(), null);
        } catch (WakeupException e) {
            // closed while loading
        } catch (RuntimeException e) {
            fail("the coordinator loop failed: " + e, e);
        } catch (Error e) {
            // Out of memory, most likely: the state may be half-applied, so this instance must not go on. Say so, and
            // let whoever runs it end the process (the command line does) rather than leave it hanging.
            fatal = true;
            fail("the coordinator loop hit a fatal error and stopped: " + e, e);
        } finally {
            running = false;
            loaded.completeExceptionally(refusal != null ? refusal
                    : new IllegalStateException(failure != null ? failure : "closed"));
            runTasks(); // answer waiting queries (with the failure)
            if (snapshots != null) {
                snapshots.close();
            }
            writer.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private volatile LogLoader.Loaded lastLoad;

    /** Loads the log, resumes where the journal says, and starts every live lease afresh (rule 6). */
    private void loadAndResume() {
        LogLoader loader = new LogLoader(consumer, config.topics(), layout, codec);
        LogLoader.Loaded l = loader.load();
        machine = l.machine();
        journalEntries = l.entries();
        nextStep = l.nextStep();
        writer.resumeAt(l.nextSeq());
        List<TopicPartition> partitions = loader.logPartitions();
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, l.positions().getOrDefault(tp, 0L));
        }
        if (snapshots == null) {
            // Its shadow loads what this load loaded, on its own thread, then follows the commits from here on.
            snapshots = new SnapshotTaker(config, layout, metrics, l.entries());
            snapshots.start();
        }
        long now = Math.max(config.clock().millis(), machine.clock());
        machine.rearmLeases(now);
        if (!commit(List.of(), JournalEntry.rearm(now, nextStep), List.of())) {
            return; // recover() reloaded and resumed already
        }
        nextStep++;
        metrics.liveSeals.set(machine.liveSealCount());
        stalls.loaded(now); // loading re-armed already; time from here on
        gate.reset(); // the consumer was sought back to the journal's positions: held records will be read again
        lastLoad = l;
    }

    /** Says so when the loop stalled (see {@link StallWatch}); the re-arm comes before any timer fires. */
    private void noteStall(long readAt, long wait) {
        long stalled = stalls.polled(readAt, wait);
        if (stalled > 0) {
            LOG.warn("coordinator {}: the loop stalled for about {} ms (a GC pause, SIGSTOP or a hung commit?); giving "
                    + "every live lease a full ttl before firing timers, so that unread heartbeats do not expire their "
                    + "agents", config.instanceId(), stalled);
            metrics.stallRearms.increment();
        }
    }

    /**
     * Makes the pending re-arm, at {@code readAt}: after the input read as of a due time, before
     * anything read at {@code readAt} (the clock never goes back).
     *
     * @return whether to go on ({@code false}: the re-arm did not commit and the state was reloaded)
     */
    private boolean rearmIfStalled(long readAt) {
        if (!stalls.takeRearm()) {
            return true;
        }
        machine.rearmLeases(readAt);
        if (!commit(List.of(), JournalEntry.rearm(readAt, nextStep), List.of())) {
            return false;
        }
        nextStep++;
        return true;
    }

    private long pollTimeoutMs() {
        if (gate.unsettled()) {
            return 5; // a timer is due and input may be on its way: look again soon, without spinning
        }
        long max = config.pollTimeout().toMillis();
        OptionalLong next = machine.nextTimerAt();
        if (next.isEmpty()) {
            return max;
        }
        long now = Math.max(config.clock().millis(), machine.clock());
        return Math.max(0, Math.min(max, next.getAsLong() - now));
    }

    private static Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batchOf(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch = new LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            batch.put(tp, records.records(tp));
        }
        return batch;
    }

    /** A timer is due: decide around it as {@link DueTimerGate} says (rule 7). */
    private void decideAroundTimers(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch, long due,
                                    long readAt, long startedNanos) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> early = gate.splitAt(batch, due);
        if (!early.isEmpty() && !process(early, Math.max(machine.clock(), due), startedNanos)) {
            return; // did not commit: the state was reloaded from the log (and the held records dropped)
        }
        if (!gate.settle(due)) {
            return; // something appended by the due time may still be unread: read on, fire no timer yet
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> late = gate.release();
        if (rearmIfStalled(readAt)) {
            process(late, readAt, startedNanos);
        }
    }

    /** @return whether it went through (committed, or nothing to commit); {@code false}: the state was reloaded */
    private boolean process(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records, long readAt,
                            long startedNanos) {
        long firstStep = nextStep;
        BatchDecider.Decided d = decider.decide(machine, records, readAt, firstStep);
        List<TaggedDecision> out = d.out();
        if (out.isEmpty() && !d.anyInput()) {
            return true; // only our own decisions read back, or nothing: no state changed, nothing to journal
        }
        if (!commit(out, JournalEntry.batch(readAt, firstStep, d.runs()), d.inputs())) {
            return false;
        }
        nextStep = d.lastStep() + 1;
        metrics.decisionLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        metrics.liveSeals.set(machine.liveSealCount());
        metrics.inodes.set(machine.rememberedInodes());
        metrics.agents.set(machine.rememberedAgents());
        if (!out.isEmpty()) {
            List<Decision> decisions = out.stream().map(TaggedDecision::decision).toList();
            decisions.forEach(metrics::decided);
            listeners.committed(decisions);
        }
        return true;
    }

    /**
     * Writes decisions, their inbox copies and the journal entry in one transaction.
     *
     * @return whether it committed; if not, the state was reloaded from the log
     */
    private boolean commit(List<TaggedDecision> out, JournalEntry entry, List<io.daxseal.events.Input> inputs) {
        try {
            long offset = writer.write(out, entry);
            journalEntries++;
            snapshots.committed(new SnapshotTaker.Committed(entry, offset, inputs, out));
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException e) {
            throw e; // fatal: run() stops this instance
        } catch (KafkaException e) {
            metrics.transactionFailures.increment();
            LOG.warn("coordinator {}: a transaction failed ({}); starting a new producer (which aborts it) and "
                    + "reloading the state from the log", config.instanceId(), e.toString());
            // The core applied the decisions as it made them: that state is now wrong. Rebuild it from what
            // committed. A new producer with the same transactional id aborts the open transaction; until
            // the cluster answers again, keep trying.
            recover();
            return false;
        }
    }

    private void recover() {
        long backoff = 200;
        while (running) {
            if (!mayWrite.getAsBoolean()) {
                throw new LeadershipLost(); // a new producer would fence the instance that leads now
            }
            try {
                writer.renew();
                loadAndResume();
                LOG.info("coordinator {}: recovered; state reloaded from the log", config.instanceId());
                return;
            } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warn("coordinator {}: cannot recover yet ({}); retrying in {} ms", config.instanceId(), e.toString(),
                        backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    private void runTasks() {
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        metrics.consumerLag.set(lag);
    }

    private void fail(String message, Throwable e) {
        failure = message;
        running = false;
        if (e == null) {
            LOG.warn(message);
        } else {
            LOG.error(message, e);
        }
    }

    private static ClientSettings consumerSettings(CoordinatorConfig config) {
        // Positions live in the journal, committed with the decisions: no consumer group.
        return ClientSettings.reader(config.bootstrapServers(), config.transactionalId() + "-reader")
                .with(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)
                // Short: while its own transaction is open the last stable offset stands still, and a long fetch wait
                // would then add itself to every decision's latency (measured: p50 27 ms at 50 ms, see README).
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5)
                .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }
}
