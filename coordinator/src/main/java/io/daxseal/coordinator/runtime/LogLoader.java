package io.daxseal.coordinator.runtime;

import io.daxseal.coordinator.core.LogInconsistencyException;
import io.daxseal.coordinator.core.SealMachine;
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

    /**
     * Walks the log in the order the coordinator applied it. For each journal entry: a lease re-arm,
     * or the timer step and then each input step, each with the decisions the log holds for it.
     */
    interface StepVisitor {
        void rearm(long now);

        void step(Input input, long readAt, List<Decision> logged);
    }

    /** What a walk found besides the steps. */
    record Walk(Map<TopicPartition, Long> positions, long nextStep, long nextSeq, long entries, long inputs,
                long decisions, long badRecords, long foreignDecisions) {
    }

    /** Rebuilds the state by replaying (the loading path). */
    Loaded load() {
        SealMachine machine = new SealMachine();
        Walk w = walk(Long.MAX_VALUE, new StepVisitor() {
            @Override
            public void rearm(long now) {
                machine.rearmLeases(now);
            }

            @Override
            public void step(Input input, long readAt, List<Decision> logged) {
                if (input != null) {
                    machine.replay(input, readAt);
                }
                for (Decision d : logged) {
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

    /** Walks the whole log; {@code input} is {@code null} for a timer step. */
    Walk walk(long maxEntries, StepVisitor visitor) {
        List<JournalEntry> journal = readJournal();
        boolean partial = journal.size() > maxEntries;
        if (partial) {
            journal = journal.subList(0, (int) maxEntries);
        }
        Map<TopicPartition, NavigableMap<Long, Input>> inputs = new HashMap<>();
        List<LogRecord.OwnDecision> decisions = new ArrayList<>();
        long[] bad = new long[2];
        readAll(logPartitions(), r -> {
            switch (LogRecord.classify(r, codec)) {
                case LogRecord.InputRecord in -> inputs
                        .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new TreeMap<>())
                        .put(r.offset(), in.input());
                case LogRecord.OwnDecision d -> decisions.add(d);
                case LogRecord.ForeignDecision f -> bad[1]++;
                case LogRecord.Bad b -> bad[0]++;
            }
        });
        decisions.sort(Comparator.comparingLong(LogRecord.OwnDecision::seq));

        Map<TopicPartition, Long> positions = new HashMap<>();
        Cursor cursor = new Cursor(decisions);
        long nextStep = 0;
        long inputsWalked = 0;
        for (JournalEntry entry : journal) {
            if (entry.rearm()) {
                visitor.rearm(entry.now());
                nextStep = Math.max(nextStep, entry.firstStep() + 1);
                continue;
            }
            long step = entry.firstStep();
            visitor.step(null, entry.now(), cursor.take(step));
            for (JournalEntry.Run run : entry.runs()) {
                TopicPartition tp = new TopicPartition(topicOf(run.log()), run.partition());
                NavigableMap<Long, Input> partition = inputs.getOrDefault(tp, new TreeMap<>());
                for (Input input : partition.subMap(run.from(), true, run.to(), true).values()) {
                    step++;
                    inputsWalked++;
                    visitor.step(input, entry.now(), cursor.take(step));
                }
                positions.merge(tp, run.to() + 1, Math::max);
            }
            nextStep = Math.max(nextStep, step + 1);
        }
        if (!partial && cursor.next < decisions.size()) {
            LogRecord.OwnDecision d = decisions.get(cursor.next);
            throw new IllegalStateException("the log holds decision #" + d.seq() + " (" + d.decision().type()
                    + ", step " + d.step() + ") that no journal entry accounts for: " + (decisions.size() - cursor.next)
                    + " decision(s) are outside the journal. The journal topic '" + topics.journal()
                    + "' may have been deleted or truncated.");
        }
        long nextSeq = decisions.isEmpty() ? 0 : decisions.get(decisions.size() - 1).seq() + 1;
        return new Walk(positions, nextStep, nextSeq, journal.size(), inputsWalked, decisions.size(), bad[0], bad[1]);
    }

    /** Walks the decisions in sequence order, handing out those of each step as the step comes. */
    private static final class Cursor {
        private final List<LogRecord.OwnDecision> decisions;
        int next;

        Cursor(List<LogRecord.OwnDecision> decisions) {
            this.decisions = decisions;
        }

        List<Decision> take(long step) {
            List<Decision> out = new ArrayList<>(2);
            while (next < decisions.size() && decisions.get(next).step() <= step) {
                LogRecord.OwnDecision d = decisions.get(next++);
                if (d.step() < step) {
                    throw new IllegalStateException("decision #" + d.seq() + " (" + d.decision().type() + ") belongs to step "
                            + d.step() + ", which the journal placed before step " + step + " without it");
                }
                out.add(d.decision());
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

    private List<JournalEntry> readJournal() {
        List<JournalEntry> entries = new ArrayList<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < layout.journalPartitions(); p++) {
            partitions.add(new TopicPartition(topics.journal(), p));
        }
        readAll(partitions, r -> {
            try {
                entries.add(JournalEntry.parse(r.value()));
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
