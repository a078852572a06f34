package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import io.daxseal.core.Outcome;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.json.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's event loop on Kafka. One thread owns the {@link SealMachine}: it polls inputs,
 * fires due timers, decides, and commits decisions, inbox copies and a journal entry in one
 * transaction; only then are listeners told and queries answered, so nothing outside sees a
 * decision that might still be rolled back. See the package documentation for the design.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    /** Told, on the loop thread, about the decisions of each committed transaction. Must be quick. */
    @FunctionalInterface
    public interface CommitListener {
        void committed(List<Decision> decisions);
    }

    private record Tagged(Decision decision, long step) {
    }

    private final CoordinatorConfig config;
    private final EventCodec codec = EventCodec.v1();
    private final RuntimeMetrics metrics;
    private final TopicSetup.Layout layout;
    private KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<LogLoader.Loaded> loaded = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile String failure;
    /** Whether this instance may still write (it leads its election); checked before every poll and recovery. */
    private final java.util.function.BooleanSupplier mayWrite;

    // Owned by the loop thread.
    private SealMachine machine;
    private long nextStep;
    private long nextSeq;
    private long journalEntries;

    private CoordinatorRuntime(CoordinatorConfig config, MeterRegistry registry, TopicSetup.Layout layout,
                               java.util.function.BooleanSupplier mayWrite) {
        this.config = config;
        this.mayWrite = mayWrite;
        this.layout = layout;
        this.metrics = new RuntimeMetrics(registry);
        this.producer = producerSettings(config).newProducer();
        this.consumer = consumerSettings(config).newConsumer();
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
        TopicSetup.Layout layout = setUpTopics(config, loadTimeout);
        CoordinatorRuntime runtime = new CoordinatorRuntime(config, registry, layout, mayWrite);
        runtime.thread.start();
        try {
            LogLoader.Loaded l = runtime.loaded.get(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("coordinator {}: loaded {} journal entries, {} inputs, {} decisions ({} bad records, {} foreign "
                    + "decisions kept in the log, not applied)", config.instanceId(), l.entries(), l.inputsReplayed(),
                    l.decisionsReplayed(), l.badRecords(), l.foreignDecisions());
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

    /** Creates the daxseal topics that are missing (an election needs the journal topic before any runtime starts). */
    public static void ensureTopics(CoordinatorConfig config, Duration timeout) throws InterruptedException {
        setUpTopics(config, timeout);
    }

    private static TopicSetup.Layout setUpTopics(CoordinatorConfig config, Duration timeout) throws InterruptedException {
        try (Admin admin = ClientSettings.admin(config.bootstrapServers(), config.transactionalId() + "-admin", timeout)
                .newAdmin()) {
            return TopicSetup.ensure(admin, config);
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
            // Fences any older instance with the same transactional id, and aborts its open transaction.
            producer.initTransactions();
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
                        unsettled = false;
                        if (rearmIfStalled(readAt)) {
                            process(withHeld(batch), readAt, started);
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
        } catch (WakeupException e) {
            // closed while loading
        } catch (RuntimeException e) {
            fail("the coordinator loop failed: " + e, e);
        } finally {
            running = false;
            loaded.completeExceptionally(new IllegalStateException(failure != null ? failure : "closed"));
            runTasks(); // answer waiting queries (with the failure)
            producer.close(Duration.ofSeconds(5));
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private LogLoader.Loaded lastLoad;

    /** Loads the log, resumes where the journal says, and starts every live lease afresh (rule 6). */
    private void loadAndResume() {
        LogLoader loader = new LogLoader(consumer, config.topics(), layout, codec);
        LogLoader.Loaded l = loader.load();
        machine = l.machine();
        journalEntries = l.entries();
        nextStep = l.nextStep();
        nextSeq = l.nextSeq();
        List<TopicPartition> partitions = loader.logPartitions();
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, l.positions().getOrDefault(tp, 0L));
        }
        long now = Math.max(config.clock().millis(), machine.clock());
        machine.rearmLeases(now);
        if (!commit(List.of(), JournalEntry.rearm(now, nextStep))) {
            return; // recover() reloaded and resumed already
        }
        nextStep++;
        metrics.liveSeals.set(machine.liveSealCount());
        previousReadAt = now; // loading re-armed already; time from here on
        rearmPending = false;
        held.clear(); // the consumer was sought back to the journal's positions: they will be read again
        unsettled = false;
        lastLoad = l;
    }

    /** When the previous poll returned, on the coordinator's clock. */
    private long previousReadAt = Long.MIN_VALUE;

    /** A stall was seen and its re-arm is still to be made (before any timer fires or input is read at the new time). */
    private boolean rearmPending;

    /**
     * After a stall of the loop itself (a GC pause, SIGSTOP, a commit that hung), the heartbeats of
     * the stall are waiting unread, and firing the lease timers first (rule 7) would expire agents
     * whose heartbeats the broker acknowledged: they trust their lease and did not self-revoke, so
     * their seals would be broken behind their backs (S5; found by the chaos harness's coordinator
     * stall). So, as after loading (rule 6), every live lease gets a full ttl, recorded as a journal
     * entry so that replay does the same. A stall is the time since the previous poll returned beyond
     * what this poll was allowed to wait; normal work (deciding and committing a batch) stays far
     * below the threshold.
     */
    private void noteStall(long readAt, long wait) {
        long stalled = previousReadAt == Long.MIN_VALUE ? 0 : readAt - previousReadAt - wait;
        previousReadAt = readAt;
        if (stalled > config.stallRearm().toMillis()) {
            LOG.warn("coordinator {}: the loop stalled for about {} ms (a GC pause, SIGSTOP or a hung commit?); giving "
                    + "every live lease a full ttl before firing timers, so that unread heartbeats do not expire their "
                    + "agents", config.instanceId(), stalled);
            metrics.stallRearms.increment();
            rearmPending = true;
        }
    }

    /**
     * Makes the pending re-arm, at {@code readAt}: after the input read as of a due time, before
     * anything read at {@code readAt} (the clock never goes back).
     *
     * @return whether to go on ({@code false}: the re-arm did not commit and the state was reloaded)
     */
    private boolean rearmIfStalled(long readAt) {
        if (!rearmPending) {
            return true;
        }
        rearmPending = false;
        machine.rearmLeases(readAt);
        if (!commit(List.of(), JournalEntry.rearm(readAt, nextStep))) {
            return false;
        }
        nextStep++;
        return true;
    }

    private long pollTimeoutMs() {
        if (unsettled) {
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

    /**
     * The held records first, then the batch: the timer they waited for is gone (an input decided
     * as of its due time ended the recall), and a partition is decided in offset order.
     */
    private Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> withHeld(
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch) {
        if (held.isEmpty()) {
            return batch;
        }
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> all = new LinkedHashMap<>(held);
        held.clear();
        batch.forEach((tp, list) -> all.merge(tp, list, (a, b) -> {
            List<ConsumerRecord<String, byte[]>> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return all;
    }

    /** The previous iteration found a timer due but the log not settled: poll briefly, not in a hot loop. */
    private boolean unsettled;

    /** Records read while a due timer waits, appended after its due time: decided after it fires, in order. */
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> held = new LinkedHashMap<>();

    /**
     * A timer is due (a lease or a recall deadline). Input that was in the log by its due time must be
     * decided before it fires, even if this coordinator reads it only now: a heartbeat or a release
     * that the broker acknowledged in time is in time (rule 7), however late the coordinator reads it
     * (it was behind, or the broker was restarting). So the records appended at or before the due
     * time (by their Kafka timestamp: the topics use the broker's append time) are decided first, as
     * read at the due time, when no timer has fired yet; the timers fire only once every partition
     * is settled as of the due time (it has a record appended later, or nothing unread); then the rest
     * is decided at the real read time. Each part is its own journal entry, so replay does the same.
     * Found by the chaos harness: a broker restart delayed the coordinator's reads, and it expired an
     * agent whose heartbeats the broker had acknowledged (S5).
     */
    private void decideAroundTimers(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> batch, long due,
                                    long readAt, long startedNanos) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> early = new LinkedHashMap<>();
        batch.forEach((tp, list) -> {
            List<ConsumerRecord<String, byte[]>> heldHere = held.get(tp);
            int split = 0;
            if (heldHere == null) { // behind a held record, everything waits too: a partition is decided in order
                while (split < list.size() && list.get(split).timestamp() <= due) {
                    split++;
                }
            }
            if (split > 0) {
                early.put(tp, list.subList(0, split));
            }
            if (split < list.size()) {
                held.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(list.subList(split, list.size()));
            }
        });
        if (!early.isEmpty() && !process(early, Math.max(machine.clock(), due), startedNanos)) {
            return; // did not commit: the state was reloaded from the log (and the held records dropped)
        }
        if (!settledAsOf(due, held.keySet())) {
            // Something appended by the due time may still be unread: read on (holding what came later), and
            // fire no timer yet. Holding, not seeking back: a partition sought back every round was read again
            // and again while another one starved (seen in a chaos run: a timer waited 20 s).
            unsettled = true;
            return;
        }
        unsettled = false;
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> late = new LinkedHashMap<>(held);
        held.clear();
        if (rearmIfStalled(readAt)) {
            process(late, readAt, startedNanos);
        }
    }

    /**
     * Whether every partition holds nothing unread that was appended at or before {@code due}:
     * either this batch has a record of it appended later, or its position is at the end of the
     * committed log. When the broker cannot say (it is away), the answer is no.
     */
    private boolean settledAsOf(long due, java.util.Set<TopicPartition> sawLater) {
        List<TopicPartition> unsure = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (!sawLater.contains(tp)) {
                unsure.add(tp);
            }
        }
        if (unsure.isEmpty()) {
            return true;
        }
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(unsure, Duration.ofSeconds(1));
            for (TopicPartition tp : unsure) {
                long position = consumer.position(tp, Duration.ofSeconds(1));
                if (position < end.get(tp)) {
                    waitingFor(due, tp + " at " + position + " of " + end.get(tp));
                    return false;
                }
            }
            unsettledSince = Long.MIN_VALUE;
            return true;
        } catch (KafkaException e) {
            waitingFor(due, "the broker (" + e.getClass().getSimpleName() + ")");
            return false;
        }
    }

    private long unsettledSince = Long.MIN_VALUE;
    private long lastWaitWarning = Long.MIN_VALUE;

    /** Says, at most every 5 s, that due timers wait for input, and for what: an operator wants to know. */
    private void waitingFor(long due, String what) {
        long now = System.nanoTime();
        if (unsettledSince == Long.MIN_VALUE) {
            unsettledSince = now;
        }
        long waitedMs = (now - unsettledSince) / 1_000_000;
        if (waitedMs >= 1000 && (lastWaitWarning == Long.MIN_VALUE || now - lastWaitWarning > 5_000_000_000L)) {
            lastWaitWarning = now;
            LOG.warn("coordinator {}: a timer due at {} has waited {} ms for input that may have been appended in time; "
                    + "waiting for {}", config.instanceId(), due, waitedMs, what);
        }
    }

    /** @return whether it went through (committed, or nothing to commit); {@code false}: the state was reloaded */
    private boolean process(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records, long readAt,
                            long startedNanos) {
        long firstStep = nextStep;
        long step = firstStep;
        List<Tagged> out = new ArrayList<>();
        for (Decision d : machine.fireTimersUpTo(readAt)) {
            out.add(new Tagged(d, firstStep));
        }
        List<JournalEntry.Run> runs = new ArrayList<>();
        boolean anyInput = false;
        // agent-log first: an agent publishes a seal request only after its registration was acknowledged, so when
        // one poll holds both, the registration must be decided first (else: a spurious unknown-agent denial, seen
        // in tests). The journal keeps this order, so replay follows it.
        List<TopicPartition> partitions = new ArrayList<>(records.keySet());
        partitions.sort(java.util.Comparator.comparing((TopicPartition tp) -> !tp.topic().equals(config.topics().agentLog()))
                .thenComparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition tp : partitions) {
            List<ConsumerRecord<String, byte[]>> list = records.get(tp);
            runs.add(new JournalEntry.Run(logName(tp), tp.partition(), list.get(0).offset(),
                    list.get(list.size() - 1).offset()));
            for (ConsumerRecord<String, byte[]> r : list) {
                switch (LogRecord.classify(r, codec)) {
                    case LogRecord.InputRecord in -> {
                        step++;
                        anyInput = true;
                        metrics.inputsRead.increment();
                        Outcome outcome = machine.decide(in.input(), readAt);
                        for (Decision d : outcome.decisions()) {
                            out.add(new Tagged(d, step));
                        }
                    }
                    case LogRecord.OwnDecision own -> { /* already in the log: ours */ }
                    case LogRecord.ForeignDecision f -> {
                        metrics.foreignDecisions.increment();
                        LOG.warn("{}-{}@{}: a {} decision not written by a coordinator; kept in the log, not applied",
                                r.topic(), r.partition(), r.offset(), f.decision().type().wire());
                    }
                    case LogRecord.Bad bad -> {
                        metrics.badEvents.increment();
                        LOG.warn("{}-{}@{}: bad event ({}): {}; kept in the log, not applied", r.topic(), r.partition(),
                                r.offset(), bad.problem().violation().wire(), bad.problem().getMessage());
                    }
                }
            }
        }
        if (out.isEmpty() && !anyInput) {
            return true; // only our own decisions read back, or nothing: no state changed, nothing to journal
        }
        if (!commit(out, JournalEntry.batch(readAt, firstStep, runs))) {
            return false;
        }
        nextStep = step + 1;
        metrics.decisionLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        metrics.liveSeals.set(machine.liveSealCount());
        if (!out.isEmpty()) {
            List<Decision> decisions = out.stream().map(Tagged::decision).toList();
            decisions.forEach(metrics::decided);
            for (CommitListener l : listeners) {
                try {
                    l.committed(decisions);
                } catch (RuntimeException e) {
                    LOG.warn("a commit listener failed: {}", e.toString(), e);
                }
            }
        }
        return true;
    }

    /**
     * Writes decisions, their inbox copies and the journal entry in one transaction.
     *
     * @return whether it committed; if not, the state was reloaded from the log
     */
    private boolean commit(List<Tagged> out, JournalEntry entry) {
        long seq = nextSeq;
        try {
            producer.beginTransaction();
            int inbox = 0;
            for (Tagged t : out) {
                DecisionRoute route = DecisionRoute.of(t.decision(), config.topics());
                byte[] value = codec.encodeBytes(t.decision());
                RecordHeaders headers = new RecordHeaders();
                headers.add(new RecordHeader(RecordHeaderNames.SEQ, RecordHeaderNames.longBytes(seq++)));
                headers.add(new RecordHeader(RecordHeaderNames.STEP, RecordHeaderNames.longBytes(t.step())));
                producer.send(new ProducerRecord<>(route.topic(), null, route.key(), value, headers));
                if (route.inboxAgent() != null) {
                    producer.send(new ProducerRecord<>(config.topics().agentInbox(), route.inboxAgent(), value));
                    inbox++;
                }
            }
            producer.send(new ProducerRecord<>(config.topics().journal(), 0, config.instanceId(), entry.toBytes()));
            producer.commitTransaction();
            nextSeq = seq;
            journalEntries++;
            metrics.transactions.increment();
            if (!out.isEmpty()) {
                metrics.written("decisions", out.size());
                metrics.written(config.topics().agentInbox(), inbox);
            }
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
                producer.close(Duration.ZERO);
                producer = producerSettings(config).newProducer();
                producer.initTransactions();
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

    private String logName(TopicPartition tp) {
        return tp.topic().equals(config.topics().inodeLog()) ? "inode" : "agent";
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

    private static ClientSettings producerSettings(CoordinatorConfig config) {
        return ClientSettings.transactionalProducer(config.bootstrapServers(), config.transactionalId())
                .with(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000)
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
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
