package io.daxseal.coordinator.runtime;

import io.daxseal.core.MachineImage;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import io.daxseal.events.json.EventCodec;
import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the coordinator's snapshots without stalling its decide loop. A thread of its own keeps a
 * second {@link SealMachine}, the shadow: it loads the log up to where the loop started, then
 * applies every journal entry the loop committed, exactly as loading would (S4 says that gives the
 * loop's own state). Every {@code everyDecisions} decisions or {@code every} time it writes the
 * shadow's {@link MachineImage} with the positions it covers to the {@link SnapshotStore}. The
 * loop's cost is one queue insertion per commit; the price is a second copy of the live state in
 * memory and the CPU to apply each entry twice (replaying is the cheap half of deciding). Snapshots
 * are spaced so that writing them takes at most a tenth of the thread's time, whatever the policy
 * says, so that the shadow keeps up under a sustained load.
 *
 * <p>Only committed entries reach the shadow, so a failed transaction needs nothing here. A failure
 * of the shadow itself (its seed cannot be loaded, an entry does not apply) stops snapshots and is
 * logged and counted; the coordinator goes on deciding, but its restarts then replay further.
 */
final class SnapshotTaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaker.class);

    /** One committed journal entry: the inputs decided (none for a re-arm) and every decision, with its step. */
    record Committed(JournalEntry entry, long journalOffset, List<Input> inputs, List<TaggedDecision> decisions) {
    }

    private final CoordinatorConfig config;
    private final TopicSetup.Layout layout;
    private final RuntimeMetrics metrics;
    private final long seedEntries;
    private final BlockingQueue<Committed> queue = new LinkedBlockingQueue<>();
    private final SnapshotStore store;
    private final Thread thread;
    /**
     * Committed entries the shadow may fall behind by before it is given up: the queue must not grow
     * without bound when the shadow cannot keep up (a seed that takes for ever, a starved thread).
     */
    static final int MAX_BACKLOG = 1_000_000;
    /** From this backlog on, say so (at most once a minute): snapshots are late. */
    static final int WARN_BACKLOG = 10_000;

    private final int maxBacklog;
    private long lastBacklogWarning;
    private volatile boolean running = true;
    /** The consumer loading the seed, while it does: closing wakes it rather than interrupt it. */
    private volatile KafkaConsumer<String, byte[]> seeding;

    // Owned by the taker's thread.
    private SealMachine shadow;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private long journalOffset;
    private long journalEntries;
    private long nextStep;
    private long nextSeq;
    private long decisionsSince;
    private long entriesSince;
    private long lastSnapshotAt;
    private long notBefore;

    /** A taker whose shadow starts after the first {@code seedEntries} journal entries. */
    SnapshotTaker(CoordinatorConfig config, TopicSetup.Layout layout, RuntimeMetrics metrics, long seedEntries) {
        this(config, layout, metrics, seedEntries, MAX_BACKLOG);
    }

    /** As above, with the backlog at which the shadow is given up (tests use a small one). */
    SnapshotTaker(CoordinatorConfig config, TopicSetup.Layout layout, RuntimeMetrics metrics, long seedEntries,
                  int maxBacklog) {
        this.maxBacklog = maxBacklog;
        this.config = config;
        this.layout = layout;
        this.metrics = metrics;
        this.seedEntries = seedEntries;
        this.store = new SnapshotStore(config.bootstrapServers(), config.topics().snapshots(),
                config.transactionalId() + "-snapshots");
        this.thread = new Thread(this::run, "daxseal-snapshots-" + config.instanceId());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called by the loop after each commit: never blocks. */
    void committed(Committed entry) {
        if (!running) {
            return;
        }
        queue.add(entry);
        int backlog = queue.size();
        metrics.snapshotBacklog.set(backlog);
        if (backlog > maxBacklog) {
            // Memory before snapshots: drop the shadow; the coordinator decides on, and its next start replays from
            // the last snapshot written.
            running = false;
            queue.clear();
            metrics.snapshotBacklog.set(0);
            metrics.snapshotFailures.increment();
            thread.interrupt();
            LOG.error("coordinator {}: the snapshot shadow fell {} committed entries behind; snapshots stop until the "
                    + "coordinator restarts (it goes on deciding; a restart replays the log from the last snapshot)",
                    config.instanceId(), backlog);
        } else if (backlog >= WARN_BACKLOG && System.currentTimeMillis() - lastBacklogWarning > 60_000) {
            lastBacklogWarning = System.currentTimeMillis();
            LOG.warn("coordinator {}: the snapshot shadow is {} committed entries behind (it gives up at {})",
                    config.instanceId(), backlog, maxBacklog);
        }
    }

    /** Whether snapshots are still being taken (false once closed, or given up). */
    boolean active() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = seeding;
        if (c != null) {
            c.wakeup(); // an interrupted consumer takes its whole close timeout to close
        } else {
            thread.interrupt();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

    private void run() {
        try {
            seed();
            lastSnapshotAt = System.currentTimeMillis();
            while (running) {
                Committed c = queue.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    apply(c);
                    metrics.snapshotBacklog.set(queue.size());
                }
                if (due()) {
                    snapshot();
                }
            }
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException
                 | org.apache.kafka.common.errors.WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            if (!running) {
                return; // closed while loading or writing
            }
            running = false;
            metrics.snapshotFailures.increment();
            LOG.error("coordinator {}: snapshots stopped, the coordinator goes on without them (a restart replays "
                    + "the log from the last snapshot): {}", config.instanceId(), e.toString(), e);
        } finally {
            queue.clear();
        }
    }

    private void seed() {
        KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(config.bootstrapServers(),
                config.transactionalId() + "-snapshots").newConsumer();
        seeding = consumer;
        try {
            if (!running) {
                return;
            }
            LogLoader loader = new LogLoader(consumer, config.topics(), layout, EventCodec.standard());
            LogLoader.Loaded l = loader.load(seedEntries);
            shadow = l.machine();
            positions.putAll(l.positions());
            journalOffset = l.lastJournalOffset();
            journalEntries = l.entries();
            nextStep = l.nextStep();
            nextSeq = l.nextSeq();
            store.knowExisting(SnapshotStore.manifests(consumer, config.topics().snapshots()));
        } finally {
            seeding = null;
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Applies one committed entry as loading would ({@link LogLoader#load}). */
    private void apply(Committed c) {
        JournalEntry entry = c.entry();
        if (entry.rearm()) {
            shadow.rearmLeases(entry.now());
            nextStep = Math.max(nextStep, entry.firstStep() + 1);
        } else {
            int d = 0;
            List<TaggedDecision> decisions = c.decisions();
            long step = entry.firstStep();
            d = replayStep(decisions, d, step);
            for (Input input : c.inputs()) {
                step++;
                shadow.replay(input, entry.now());
                d = replayStep(decisions, d, step);
            }
            if (d != decisions.size()) {
                throw new IllegalStateException("journal entry at offset " + c.journalOffset() + " has "
                        + (decisions.size() - d) + " decision(s) whose step is past its last input");
            }
            for (JournalEntry.Run run : entry.runs()) {
                String topic = run.log().equals("inode") ? config.topics().inodeLog() : config.topics().agentLog();
                positions.merge(new TopicPartition(topic, run.partition()), run.to() + 1, Math::max);
            }
            nextStep = Math.max(nextStep, step + 1);
        }
        nextSeq += c.decisions().size();
        decisionsSince += c.decisions().size();
        entriesSince++;
        journalOffset = c.journalOffset();
        journalEntries++;
    }

    private int replayStep(List<TaggedDecision> decisions, int from, long step) {
        int d = from;
        for (; d < decisions.size() && decisions.get(d).step() == step; d++) {
            Decision decision = decisions.get(d).decision();
            try {
                shadow.replay(decision);
            } catch (io.daxseal.core.LogInconsistencyException e) {
                throw new IllegalStateException("the shadow cannot apply committed decision " + decision + ": "
                        + e.getMessage(), e);
            }
        }
        return d;
    }

    private boolean due() {
        long now = System.currentTimeMillis();
        if (entriesSince == 0 || now < notBefore) {
            return false;
        }
        return decisionsSince >= config.snapshots().everyDecisions()
                || now - lastSnapshotAt >= config.snapshots().every().toMillis();
    }

    private void snapshot() {
        long started = System.nanoTime();
        try {
            Map<String, Long> places = new HashMap<>();
            positions.forEach((tp, offset) -> places.put(SnapshotManifest.place(tp), offset));
            SnapshotManifest partial = new SnapshotManifest(SnapshotManifest.VERSION, journalEntries, MachineImage.FORMAT,
                    layout.inodePartitions(), journalOffset, journalEntries, nextStep, nextSeq, places, shadow.clock(),
                    null, System.currentTimeMillis(), 0, 0, 0, 0, null, config.instanceId());
            SnapshotManifest written = store.write(partial, out -> MachineImage.write(shadow, out));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            metrics.snapshotsWritten.increment();
            metrics.snapshotBytes.set(written.bytes());
            metrics.snapshotMillis.set(millis);
            LOG.info("coordinator {}: snapshot {} written ({} live seals, {} bytes in {} chunk(s), {} ms)",
                    config.instanceId(), written.id(), shadow.liveSealCount(), written.bytes(), written.chunks(), millis);
            decisionsSince = 0;
            entriesSince = 0;
            lastSnapshotAt = System.currentTimeMillis();
            // At most a tenth of this thread's time goes to snapshots: under a sustained load that reaches the
            // decision threshold faster than a snapshot is written, the shadow would otherwise fall behind for ever.
            notBefore = lastSnapshotAt + 9 * millis;
        } catch (Exception e) {
            metrics.snapshotFailures.increment();
            store.reset();
            notBefore = System.currentTimeMillis() + 10_000;
            LOG.warn("coordinator {}: writing a snapshot failed ({}); trying again in 10 s", config.instanceId(),
                    e.toString());
        }
    }
}
