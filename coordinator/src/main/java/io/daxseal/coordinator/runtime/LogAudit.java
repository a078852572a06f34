package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import io.daxseal.core.LogInconsistencyException;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks S4 on a Kafka log: walks it in the coordinator's order (journal and headers) and, at
 * every step, both replays the logged decisions into one machine and re-decides the input (same
 * read time) with another, comparing the decisions. At the end both machines' digests must be
 * equal, and equal to the live coordinator's when it is asked at the same position.
 */
public final class LogAudit {

    /**
     * What the audit found.
     *
     * @param firstDifference the first step whose re-decided decisions differ from the logged ones, or {@code null}
     */
    public record Report(long entries, long inputs, long decisions, long badRecords, long foreignDecisions,
                         String replayedDigest, String redecidedDigest, String firstDifference, SealMachine replayed,
                         long decisionSeqGaps, long decisionSeqDuplicates) {

        /** S4 holds for this log. */
        public boolean consistent() {
            return firstDifference == null && replayedDigest.equals(redecidedDigest);
        }
    }

    private LogAudit() {
    }

    public static Report run(String bootstrapServers, Topics topics) throws InterruptedException {
        return run(bootstrapServers, topics, Long.MAX_VALUE);
    }

    /** Audits the first {@code journalEntries} journal entries only (a live coordinator's {@code position()}). */
    public static Report run(String bootstrapServers, Topics topics, long journalEntries) throws InterruptedException {
        return run(bootstrapServers, topics, journalEntries, null);
    }

    /**
     * Audits, and shows the same walk to {@code also} (the invariant checker), so that one read of
     * the log serves both.
     */
    public static Report run(String bootstrapServers, Topics topics, long journalEntries, LogObserver also)
            throws InterruptedException {
        TopicSetup.Layout layout = layout(bootstrapServers, topics);
        try (KafkaConsumer<String, byte[]> consumer = ClientSettings.reader(bootstrapServers, "daxseal-audit")
                .with(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000).newConsumer()) {
            Auditor auditor = new Auditor(also);
            LogLoader.Walk w = new LogLoader(consumer, topics, layout, EventCodec.v1()).walk(journalEntries, auditor);
            return new Report(w.entries(), w.inputs(), w.decisions(), w.badRecords(), w.foreignDecisions(),
                    auditor.replayed.digest(), auditor.redecided.digest(), auditor.difference, auditor.replayed,
                    w.seqGaps(), w.seqDuplicates());
        }
    }

    /** Replays the logged decisions into one machine and re-decides every input with another. */
    private static final class Auditor implements LogObserver {
        final SealMachine replayed = new SealMachine();
        final SealMachine redecided = new SealMachine();
        final LogObserver also;
        String difference;
        long step;

        Auditor(LogObserver also) {
            this.also = also;
        }

        @Override
        public void rearm(long now, String instance, String journalPlace) {
            replayed.rearmLeases(now);
            redecided.rearmLeases(now);
            if (also != null) {
                also.rearm(now, instance, journalPlace);
            }
        }

        @Override
        public void record(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) {
            if (also != null) {
                also.record(record);
            }
        }

        @Override
        public void step(LogStep s) {
            step++;
            List<Decision> again;
            if (s.input() == null) {
                again = redecided.fireTimersUpTo(s.readAt());
            } else {
                replayed.replay(s.input(), s.readAt());
                again = redecided.decide(s.input(), s.readAt()).decisions();
            }
            for (int i = 0; i < s.logged().size(); i++) {
                try {
                    replayed.replay(s.logged().get(i));
                } catch (LogInconsistencyException e) {
                    note("step " + step + ": logged decision at " + s.loggedPlaces().get(i)
                            + " does not fit the replayed state: " + e.getMessage());
                }
            }
            if (!again.equals(s.logged())) {
                note("step " + step + " (" + (s.input() == null ? "timers at " + s.readAt()
                        : s.input().type().wire() + " at " + s.inputPlace() + " read at " + s.readAt())
                        + ", journal " + s.journalPlace() + "): the log holds " + s.logged() + " at " + s.loggedPlaces()
                        + " but re-deciding gives " + again);
            }
            if (also != null) {
                also.step(s);
            }
        }

        private void note(String what) {
            if (difference == null) {
                difference = what;
            }
        }
    }

    private static TopicSetup.Layout layout(String bootstrapServers, Topics topics) throws InterruptedException {
        // Short timeouts: a tool pointed at the wrong address should say so in seconds, not after a minute.
        try (Admin admin = ClientSettings.admin(bootstrapServers, "daxseal-audit", Duration.ofSeconds(15)).newAdmin()) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topics.inodeLog(), topics.agentLog(),
                    topics.agentInbox(), topics.journal())).allTopicNames().get();
            return new TopicSetup.Layout(d.get(topics.inodeLog()).partitions().size(),
                    d.get(topics.agentLog()).partitions().size(), d.get(topics.agentInbox()).partitions().size(),
                    d.get(topics.journal()).partitions().size());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot describe the daxseal topics on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
