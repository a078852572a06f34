package io.daxseal.coordinator.runtime;

import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import io.daxseal.coordinator.loop.LogPartition;
import io.daxseal.coordinator.loop.Polled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one batch of records read at one time: fires the timers due by then, then decides every
 * input in the batch's order (the agent log first), numbering the journal steps, and says which
 * offsets the journal entry covers. Bad records and decisions not written by a coordinator are
 * counted, logged with their place, and kept in the log unapplied. No I/O and no Kafka: the
 * runtime reads the records and commits what this returns.
 */
final class BatchDecider {

    private static final Logger LOG = LoggerFactory.getLogger(BatchDecider.class);

    /**
     * What a batch decided: the decisions with their steps, the journal's runs, the last step used,
     * and the inputs decided, in step order (step {@code firstStep + 1 + i} is input {@code i}).
     */
    record Decided(List<TaggedDecision> out, List<JournalEntry.Run> runs, boolean anyInput, long lastStep,
                   List<Input> inputs) {
    }

    private final Topics topics;
    private final EventCodec codec;
    private final RuntimeMetrics metrics;

    BatchDecider(Topics topics, EventCodec codec, RuntimeMetrics metrics) {
        this.topics = topics;
        this.codec = codec;
        this.metrics = metrics;
    }

    Decided decide(SealMachine machine, Map<LogPartition, List<Polled<LogRecord>>> records, long readAt,
                   long firstStep) {
        long step = firstStep;
        List<TaggedDecision> out = new ArrayList<>();
        for (Decision d : machine.fireTimersUpTo(readAt)) {
            out.add(new TaggedDecision(d, firstStep));
        }
        List<JournalEntry.Run> runs = new ArrayList<>();
        boolean anyInput = false;
        List<Input> inputs = new ArrayList<>();
        // agent-log first (LogPartition's order): an agent publishes a seal request only after its registration was
        // acknowledged, so when one read holds both, the registration must be decided first (else: a spurious
        // unknown-agent denial, seen in tests). The journal keeps this order, so replay follows it.
        List<LogPartition> partitions = new ArrayList<>(records.keySet());
        partitions.sort(null);
        for (LogPartition where : partitions) {
            List<Polled<LogRecord>> list = records.get(where);
            if (list.isEmpty()) {
                continue;
            }
            runs.add(new JournalEntry.Run(where.log().wire(), where.partition(), list.get(0).offset(),
                    list.get(list.size() - 1).offset()));
            for (Polled<LogRecord> r : list) {
                switch (r.what()) {
                    case LogRecord.InputRecord in -> {
                        step++;
                        anyInput = true;
                        inputs.add(in.input());
                        metrics.inputsRead.increment();
                        for (Decision d : machine.decide(in.input(), readAt).decisions()) {
                            out.add(new TaggedDecision(d, step));
                        }
                    }
                    case LogRecord.OwnDecision own -> { /* already in the log: ours */ }
                    case LogRecord.ForeignDecision f -> {
                        metrics.foreignDecisions.increment();
                        LOG.warn("{}@{}: a {} decision not written by a coordinator; kept in the log, not applied",
                                place(where), r.offset(), f.decision().type().wire());
                    }
                    case LogRecord.Bad bad -> {
                        metrics.badEvents.increment();
                        LOG.warn("{}@{}: bad event ({}): {}; kept in the log, not applied", place(where), r.offset(),
                                bad.problem().violation().wire(), bad.problem().getMessage());
                    }
                }
            }
        }
        return new Decided(out, runs, anyInput, step, inputs);
    }

    private String place(LogPartition where) {
        return (where.log() == LogPartition.Log.AGENT ? topics.agentLog() : topics.inodeLog()) + "-" + where.partition();
    }
}
