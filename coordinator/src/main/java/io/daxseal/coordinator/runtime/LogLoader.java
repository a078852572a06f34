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
 * Rebuilds the coordinator's state from the log: the journal gives the order and read times of the
 * inputs, the decisions' headers their place, and {@link SealMachine#replay} applies both, the same
 * code that deciding applies them with (S4). Also where the live loop resumes in each partition, and
 * the next step and sequence numbers.
 *
 * <p>It reads every partition from the beginning, holding the inputs in memory: fine for logs of
 * millions of events; snapshots would bound it for longer ones.
 */
final class LogLoader {

    /** The result of loading. */
    record Loaded(SealMachine machine, Map<TopicPartition, Long> positions, long nextStep, long nextSeq,
                  long entries, long inputsReplayed, long decisionsReplayed, long badRecords, long foreignDecisions) {
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
    record Walk(Map<TopicPartition, Long> positions, long nextStep, long nextSeq, long entries, long inputs,
                long decisions, long badRecords, long foreignDecisions, long seqGaps, long seqDuplicates) {
    }

    /** Rebuilds the state by replaying (the loading path). */
    Loaded load() {
        SealMachine machine = new SealMachine(new InodeLogPartitioning(layout.inodePartitions()));
        Walk w = walk(Long.MAX_VALUE, new LogObserver() {
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
        return new Loaded(machine, w.positions(), w.nextStep(), w.nextSeq(), w.entries(), w.inputs(), w.decisions(),
                w.badRecords(), w.foreignDecisions());
    }

    /** A decision with where it is in the log. */
    private record Placed(LogRecord.OwnDecision d, String place) {
    }

    /** A journal entry with who wrote it and where it is. */
    private record Entry(JournalEntry entry, String instance, String place) {
    }

    /** Walks the whole log (the first {@code maxEntries} journal entries of it). */
    Walk walk(long maxEntries, LogObserver visitor) {
        List<Entry> journal = readJournal();
        boolean partial = journal.size() > maxEntries;
        if (partial) {
            journal = journal.subList(0, (int) maxEntries);
        }
        Map<TopicPartition, NavigableMap<Long, Input>> inputs = new HashMap<>();
        List<Placed> decisions = new ArrayList<>();
        long[] bad = new long[2];
        readAll(logPartitions(), r -> {
            visitor.record(r);
            switch (LogRecord.classify(r, codec)) {
                case LogRecord.InputRecord in -> inputs
                        .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new TreeMap<>())
                        .put(r.offset(), in.input());
                case LogRecord.OwnDecision d -> decisions.add(new Placed(d, place(r)));
                case LogRecord.ForeignDecision f -> bad[1]++;
                case LogRecord.Bad b -> bad[0]++;
            }
        });
        decisions.sort(Comparator.comparingLong(p -> p.d().seq()));

        Map<TopicPartition, Long> positions = new HashMap<>();
        Cursor cursor = new Cursor(decisions);
        long nextStep = 0;
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
        long nextSeq = decisions.isEmpty() ? 0 : decisions.get(decisions.size() - 1).d().seq() + 1;
        // Committed decisions are numbered 0, 1, 2, ... (a failed transaction's numbers are reused), so a gap is a
        // committed decision lost, and a repeat one written twice.
        long gaps = 0;
        long duplicates = 0;
        long expected = 0;
        for (Placed p : decisions) {
            long seq = p.d().seq();
            if (seq < expected) {
                duplicates++;
            } else {
                gaps += seq - expected;
                expected = seq + 1;
            }
        }
        return new Walk(positions, nextStep, nextSeq, journal.size(), inputsWalked, decisions.size(), bad[0], bad[1],
                gaps, duplicates);
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

    private List<Entry> readJournal() {
        List<Entry> entries = new ArrayList<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < layout.journalPartitions(); p++) {
            partitions.add(new TopicPartition(topics.journal(), p));
        }
        readAll(partitions, r -> {
            try {
                entries.add(new Entry(JournalEntry.parse(r.value()), r.key(), place(r)));
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

    private void readAll(Collection<TopicPartition> partitions, java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
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
