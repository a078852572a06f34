package io.daxseal.coordinator.runtime;

import io.daxseal.core.LogInconsistencyException;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds the coordinator's state from the log: from the newest valid snapshot
 * ({@link SnapshotStore}) when there is one, else from the log's beginning; then the journal after
 * it gives the order and read times of the inputs, the decisions' headers their place, and
 * {@link SealMachine#replay} applies both, the same code that deciding applies them with (S4). Also
 * where the live loop resumes in each partition, and the next step and sequence numbers.
 *
 * <p>It holds the inputs after the snapshot in memory: as many as the snapshot interval lets
 * through. When retention has deleted the beginning of the log and no snapshot covers what is left,
 * loading refuses, saying what to do ({@link #origin(boolean)}).
 *
 * <p>Why it is a little over 400 lines: where a walk starts (the beginning or a snapshot) and the
 * walk itself share the positions, sequence numbers and steps a snapshot records; apart, each would
 * have to hand the other all of them.
 */
final class LogLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogLoader.class);

    /** The result of loading. */
    record Loaded(SealMachine machine, Map<TopicPartition, Long> positions, long nextStep, long nextSeq,
                  long entries, long lastJournalOffset, long inputsReplayed, long decisionsReplayed, long badRecords,
                  long foreignDecisions, Origin origin) {
    }

    /**
     * Where a walk starts: at the log's beginning ({@code snapshot == null}) or after a snapshot,
     * whose image is {@code image}.
     */
    record Origin(SnapshotManifest snapshot, byte[] image, long journalFrom, Map<TopicPartition, Long> positions,
                  long nextSeq, long nextStep, long entries,
                  java.util.concurrent.atomic.AtomicReference<SealMachine> checked) {

        static final Origin BEGINNING = new Origin(null, null, 0, Map.of(), 0, 0, 0,
                new java.util.concurrent.atomic.AtomicReference<>());

        /**
         * A new machine in the state this origin starts from: the one decoded when the snapshot was
         * checked, the first time (decoding a million seals takes a second), then a fresh decode.
         */
        SealMachine machine(io.daxseal.core.Partitioning partitioning) {
            if (image == null) {
                return new SealMachine(partitioning);
            }
            SealMachine decoded = checked.getAndSet(null);
            if (decoded != null) {
                return decoded;
            }
            try {
                return io.daxseal.core.MachineImage.read(new java.io.ByteArrayInputStream(image), partitioning);
            } catch (IOException e) {
                throw new IllegalStateException("snapshot " + snapshot.id() + " was checked but cannot be read: "
                        + e.getMessage(), e);
            }
        }

        String describe() {
            return snapshot == null ? "the log's beginning" : "snapshot " + snapshot.id() + " (" + snapshot.journalEntries()
                    + " journal entries, taken at " + java.time.Instant.ofEpochMilli(snapshot.createdAt()) + " by "
                    + snapshot.instance() + ")";
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final TopicSetup.Layout layout;
    private final EventCodec codec;

    LogLoader(Consumer<String, byte[]> consumer, Topics topics, TopicSetup.Layout layout, EventCodec codec) {
        this.consumer = consumer;
        this.topics = topics;
        this.layout = layout;
        this.codec = codec;
    }

    /** What a walk found besides the steps. */
    record Walk(Map<TopicPartition, Long> positions, long nextStep, long nextSeq, long entries, long lastJournalOffset,
                long inputs, long decisions, long badRecords, long foreignDecisions, long seqGaps, long seqDuplicates) {
    }

    /** Rebuilds the state by replaying (the loading path). */
    Loaded load() {
        return load(Long.MAX_VALUE);
    }

    /** Rebuilds the state after the first {@code maxEntries} journal entries (the snapshot taker's seed). */
    Loaded load(long maxEntries) {
        return load(origin(true), maxEntries);
    }

    /** Rebuilds the state from {@code origin} after the first {@code maxEntries} journal entries. */
    Loaded load(Origin origin, long maxEntries) {
        SealMachine machine = origin.machine(partitioning());
        Walk w = walk(origin, maxEntries, new LogObserver() {
            @Override
            public void rearm(long now, String instance, String journalPlace) {
                machine.rearmLeases(now);
            }

            @Override
            public void step(LogStep step) {
                if (step.input() != null) {
                    machine.replay(step.input(), step.readAt());
                }
                for (Decision d : step.logged()) {
                    try {
                        machine.replay(d);
                    } catch (LogInconsistencyException e) {
                        throw new IllegalStateException("decision " + d + " does not fit the state rebuilt so far: "
                                + e.getMessage(), e);
                    }
                }
            }
        });
        return new Loaded(machine, w.positions(), w.nextStep(), w.nextSeq(), w.entries(), w.lastJournalOffset(),
                w.inputs(), w.decisions(), w.badRecords(), w.foreignDecisions(), origin);
    }

    io.daxseal.core.Partitioning partitioning() {
        return new InodeLogPartitioning(layout.inodePartitions());
    }

    /**
     * Where loading starts: the newest snapshot that is intact and covers the log's beginning as
     * retention left it; the log's beginning when nothing was ever deleted and no snapshot is
     * intact. A damaged snapshot is reported and the one before it tried.
     *
     * @param preferSnapshot whether to start from a snapshot even when the whole log is there (loading
     *     does, for speed; the log tools do not: they check the whole log when they can)
     * @throws LogBeginningGoneException when the log's beginning is gone and no snapshot covers it
     */
    Origin origin(boolean preferSnapshot) {
        List<TopicPartition> logs = logPartitions();
        TopicPartition journal = new TopicPartition(topics.journal(), 0);
        List<TopicPartition> all = new ArrayList<>(logs);
        all.add(journal);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(all);
        if (!preferSnapshot && gone(begins, journal, 0, logs, Map.of()) == null) {
            return Origin.BEGINNING;
        }
        String snapshots = topics.snapshots();
        String newestIntact = null;
        List<SnapshotManifest> manifests = layout.snapshotTopic() ? SnapshotStore.manifests(consumer, snapshots) : List.of();
        for (SnapshotManifest m : manifests) {
            String what = "snapshot " + m.id() + " (" + m.journalEntries() + " journal entries, manifest in " + snapshots
                    + "-0)";
            if (m.inodePartitions() != layout.inodePartitions()) {
                LOG.warn("{} was taken with {} inode-log partitions, the log has {}; it is skipped", what,
                        m.inodePartitions(), layout.inodePartitions());
                continue;
            }
            byte[] image;
            SealMachine decoded;
            try {
                image = SnapshotStore.image(consumer, snapshots, m);
                decoded = io.daxseal.core.MachineImage.read(new java.io.ByteArrayInputStream(image), partitioning());
            } catch (IOException e) {
                LOG.warn("{} is damaged: {}; trying the one before it", what, e.getMessage());
                continue;
            }
            Map<TopicPartition, Long> positions = m.partitionPositions(logs);
            String gone = gone(begins, journal, m.journalOffset() + 1, logs, positions);
            if (gone != null) {
                newestIntact = what + ", which ends before the log's beginning (" + gone + ")";
                break; // an older snapshot ends earlier still
            }
            LOG.info("loading from {}", what);
            return new Origin(m, image, m.journalOffset() + 1, positions, m.nextSeq(), m.nextStep(), m.journalEntries(),
                    new java.util.concurrent.atomic.AtomicReference<>(decoded));
        }
        String gone = gone(begins, journal, 0, logs, Map.of());
        if (gone == null) {
            return Origin.BEGINNING;
        }
        throw new LogBeginningGoneException("the beginning of the log was deleted (retention: " + gone + ") and no snapshot "
                + "covers what is left: " + (newestIntact != null ? "the newest intact one is " + newestIntact
                : "topic '" + snapshots + "' holds no intact snapshot") + ". Loading would lose seal state, so the "
                + "coordinator does not start. What to do: restore topic '" + snapshots + "' (a snapshot newer than the "
                + "deleted records), or, if every seal may be dropped and every agent registers again, start on new "
                + "topics (another --topic-prefix); next time keep the snapshot topic and a retention longer than the "
                + "snapshot interval.");
    }

    /** Which partition starts past where a walk from these positions would need it to, or {@code null}. */
    private static String gone(Map<TopicPartition, Long> begins, TopicPartition journal, long journalFrom,
                               List<TopicPartition> logs, Map<TopicPartition, Long> positions) {
        List<String> gone = new ArrayList<>();
        if (begins.getOrDefault(journal, 0L) > journalFrom) {
            gone.add(SnapshotManifest.place(journal) + " starts at offset " + begins.get(journal) + ", not "
                    + journalFrom);
        }
        for (TopicPartition tp : logs) {
            long need = positions.getOrDefault(tp, 0L);
            if (begins.getOrDefault(tp, 0L) > need) {
                gone.add(SnapshotManifest.place(tp) + " starts at offset " + begins.get(tp) + ", not " + need);
            }
        }
        return gone.isEmpty() ? null : String.join("; ", gone);
    }

    /** A decision with where it is in the log. */
    private record Placed(LogRecord.OwnDecision d, String place) {
    }

    /** A journal entry with who wrote it and where it is. */
    private record Entry(JournalEntry entry, String instance, String place, long offset) {
    }

    /**
     * Walks the log from {@code origin} up to its first {@code maxEntries} journal entries (counted
     * from the log's beginning, so a snapshot's entries count too).
     */
    Walk walk(Origin origin, long maxEntries, LogObserver visitor) {
        if (maxEntries < origin.entries()) {
            throw new IllegalStateException("journal entry " + maxEntries + " comes before " + origin.describe()
                    + ", and the log before it is not walked");
        }
        List<Entry> journal = readJournal(origin.journalFrom());
        boolean partial = journal.size() > maxEntries - origin.entries();
        if (partial) {
            journal = journal.subList(0, (int) (maxEntries - origin.entries()));
        }
        Map<TopicPartition, NavigableMap<Long, Input>> inputs = new HashMap<>();
        List<Placed> decisions = new ArrayList<>();
        long[] bad = new long[2];
        readAll(logPartitions(), origin.positions(), r -> {
            visitor.record(r);
            switch (LogRecord.classify(r, codec)) {
                case LogRecord.InputRecord in -> inputs
                        .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new TreeMap<>())
                        .put(r.offset(), in.input());
                case LogRecord.OwnDecision d -> {
                    if (d.seq() >= origin.nextSeq()) { // older ones are in the snapshot
                        decisions.add(new Placed(d, place(r)));
                    }
                }
                case LogRecord.ForeignDecision f -> bad[1]++;
                case LogRecord.Bad b -> bad[0]++;
            }
        });
        decisions.sort(Comparator.comparingLong(p -> p.d().seq()));

        Map<TopicPartition, Long> positions = new HashMap<>(origin.positions());
        Cursor cursor = new Cursor(decisions);
        long nextStep = origin.nextStep();
        long inputsWalked = 0;
        for (Entry e : journal) {
            JournalEntry entry = e.entry();
            if (entry.rearm()) {
                visitor.rearm(entry.now(), e.instance(), e.place());
                nextStep = Math.max(nextStep, entry.firstStep() + 1);
                continue;
            }
            long step = entry.firstStep();
            List<Placed> timed = cursor.take(step);
            visitor.step(new LogStep(null, null, entry.now(), e.instance(), e.place(), decisionsOf(timed), placesOf(timed)));
            for (JournalEntry.Run run : entry.runs()) {
                TopicPartition tp = new TopicPartition(topicOf(run.log()), run.partition());
                NavigableMap<Long, Input> partition = inputs.getOrDefault(tp, new TreeMap<>());
                for (Map.Entry<Long, Input> in : partition.subMap(run.from(), true, run.to(), true).entrySet()) {
                    step++;
                    inputsWalked++;
                    List<Placed> made = cursor.take(step);
                    visitor.step(new LogStep(in.getValue(), tp.topic() + "-" + tp.partition() + "@" + in.getKey(),
                            entry.now(), e.instance(), e.place(), decisionsOf(made), placesOf(made)));
                }
                positions.merge(tp, run.to() + 1, Math::max);
            }
            nextStep = Math.max(nextStep, step + 1);
        }
        if (!partial && cursor.next < decisions.size()) {
            LogRecord.OwnDecision d = decisions.get(cursor.next).d();
            throw new IllegalStateException("the log holds decision #" + d.seq() + " (" + d.decision().type()
                    + ", step " + d.step() + ") that no journal entry accounts for: " + (decisions.size() - cursor.next)
                    + " decision(s) are outside the journal. The journal topic '" + topics.journal()
                    + "' may have been deleted or truncated.");
        }
        // The decisions the walked entries account for (a partial walk leaves later ones in the log).
        long nextSeq = cursor.next == 0 ? origin.nextSeq() : decisions.get(cursor.next - 1).d().seq() + 1;
        // Committed decisions are numbered 0, 1, 2, ... (a failed transaction's numbers are reused), so a gap is a
        // committed decision lost, and a repeat one written twice.
        long gaps = 0;
        long duplicates = 0;
        long expected = origin.nextSeq();
        for (Placed p : decisions) {
            long seq = p.d().seq();
            if (seq < expected) {
                duplicates++;
            } else {
                gaps += seq - expected;
                expected = seq + 1;
            }
        }
        long lastJournalOffset = journal.isEmpty() ? origin.journalFrom() - 1 : journal.get(journal.size() - 1).offset();
        return new Walk(positions, nextStep, nextSeq, origin.entries() + journal.size(), lastJournalOffset, inputsWalked,
                decisions.size(), bad[0], bad[1], gaps, duplicates);
    }

    private static String place(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }

    private static List<Decision> decisionsOf(List<Placed> placed) {
        return placed.stream().map(p -> p.d().decision()).toList();
    }

    private static List<String> placesOf(List<Placed> placed) {
        return placed.stream().map(Placed::place).toList();
    }

    /** Walks the decisions in sequence order, handing out those of each step as the step comes. */
    private static final class Cursor {
        private final List<Placed> decisions;
        int next;

        Cursor(List<Placed> decisions) {
            this.decisions = decisions;
        }

        List<Placed> take(long step) {
            List<Placed> out = new ArrayList<>(2);
            while (next < decisions.size() && decisions.get(next).d().step() <= step) {
                Placed p = decisions.get(next++);
                LogRecord.OwnDecision d = p.d();
                if (d.step() < step) {
                    throw new IllegalStateException("decision #" + d.seq() + " (" + d.decision().type() + ") at "
                            + p.place() + " belongs to step " + d.step() + ", which the journal placed before step "
                            + step + " without it");
                }
                out.add(p);
            }
            return out;
        }
    }

    private String topicOf(String log) {
        return switch (log) {
            case "inode" -> topics.inodeLog();
            case "agent" -> topics.agentLog();
            default -> throw new IllegalStateException("journal names an unknown log '" + log + "'");
        };
    }

    private List<Entry> readJournal(long from) {
        List<Entry> entries = new ArrayList<>();
        TopicPartition journal = new TopicPartition(topics.journal(), 0);
        readAll(List.of(journal), Map.of(journal, from), r -> {
            try {
                entries.add(new Entry(JournalEntry.parse(r.value()), r.key(), place(r), r.offset()));
            } catch (IOException e) {
                throw new IllegalStateException("journal record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                        + " cannot be read: " + e.getMessage(), e);
            }
        });
        return entries;
    }

    List<TopicPartition> logPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < layout.inodePartitions(); p++) {
            all.add(new TopicPartition(topics.inodeLog(), p));
        }
        for (int p = 0; p < layout.agentPartitions(); p++) {
            all.add(new TopicPartition(topics.agentLog(), p));
        }
        return all;
    }

    private void readAll(Collection<TopicPartition> partitions, Map<TopicPartition, Long> from,
                         java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        for (TopicPartition tp : partitions) {
            Long at = from.get(tp);
            if (at != null && at > 0) {
                consumer.seek(tp, at);
            }
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // at read_committed: the last stable offsets
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    sink.accept(r);
                }
            }
        }
        consumer.assign(List.of());
    }
}
