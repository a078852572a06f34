package io.daxseal.coordinator.runtime;

import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import io.daxseal.core.check.S4Audit;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Checks S4 on a Kafka log: walks it in the coordinator's order (journal and headers) and, at
 * every step, both replays the logged decisions into one machine and re-decides the input (same
 * read time) with another, comparing the decisions. At the end both machines' digests must be
 * equal, and equal to the live coordinator's when it is asked at the same position. It starts at the
 * log's beginning, or, when retention deleted it, at the newest snapshot that covers what is left
 * (where the coordinator's loading starts then).
 */
public final class LogAudit {

    /**
     * What the audit found.
     *
     * @param firstDifference the first step whose re-decided decisions differ from the logged ones, or {@code null}
     * @param startedFrom the snapshot the audit started from, or {@code null} for the log's beginning
     */
    public record Report(long entries, long inputs, long decisions, long badRecords, long foreignDecisions,
                         String replayedDigest, String redecidedDigest, String firstDifference, SealMachine replayed,
                         long decisionSeqGaps, long decisionSeqDuplicates, String startedFrom) {

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
            LogLoader loader = new LogLoader(consumer, topics, layout, EventCodec.standard());
            // The whole log when it is all there; when retention deleted its beginning, the snapshot the coordinator loads.
            LogLoader.Origin origin = loader.origin(false);
            Auditor auditor = new Auditor(new S4Audit(origin.machine(loader.partitioning()),
                    origin.machine(loader.partitioning())), also);
            if (also != null && origin.snapshot() != null) {
                java.util.Map<String, Long> first = new java.util.HashMap<>();
                origin.positions().forEach((tp, offset) -> first.put(SnapshotManifest.place(tp), offset));
                also.start(auditor.audit.replayed().snapshot(), origin.describe(), first);
            }
            LogLoader.Walk w = loader.walk(origin, journalEntries, auditor);
            S4Audit audit = auditor.audit;
            audit.finish(true);
            return new Report(w.entries(), w.inputs(), w.decisions(), w.badRecords(), w.foreignDecisions(),
                    audit.replayed().digest(), audit.reDecided().digest(), audit.firstProblem(), audit.replayed(),
                    w.seqGaps(), w.seqDuplicates(), origin.snapshot() == null ? null : origin.describe());
        }
    }

    /** Replays the logged decisions into one machine and re-decides every input with another. */
    /** Feeds the walk to the one S4 auditor, and shows it to {@code also}. */
    private static final class Auditor implements LogObserver {
        final S4Audit audit;
        final LogObserver also;
        long step;

        Auditor(S4Audit audit, LogObserver also) {
            this.audit = audit;
            this.also = also;
        }

        @Override
        public void rearm(long now, String instance, String journalPlace) {
            audit.rearm(now);
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
            audit.beginStep("step " + step + " (" + (s.input() == null ? "timers at " + s.readAt()
                    : s.input().type().wire() + " at " + s.inputPlace() + " read at " + s.readAt())
                    + ", journal " + s.journalPlace() + ")");
            if (s.input() == null) {
                audit.fireTimers(s.readAt());
            } else {
                audit.decide(s.input(), s.readAt());
                audit.loggedInput(s.input(), s.readAt(), s.inputPlace());
            }
            for (int i = 0; i < s.logged().size(); i++) {
                audit.logged(s.logged().get(i), s.loggedPlaces().get(i));
            }
            audit.endStep();
            if (also != null) {
                also.step(s);
            }
        }
    }

    private static TopicSetup.Layout layout(String bootstrapServers, Topics topics) throws InterruptedException {
        // Short timeouts: a tool pointed at the wrong address should say so in seconds, not after a minute.
        try (Admin admin = ClientSettings.admin(bootstrapServers, "daxseal-audit", Duration.ofSeconds(15)).newAdmin()) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topics.inodeLog(), topics.agentLog(),
                    topics.agentInbox(), topics.journal())).allTopicNames().get();
            boolean snapshots = admin.listTopics().names().get().contains(topics.snapshots());
            return new TopicSetup.Layout(d.get(topics.inodeLog()).partitions().size(),
                    d.get(topics.agentLog()).partitions().size(), d.get(topics.agentInbox()).partitions().size(),
                    d.get(topics.journal()).partitions().size(), snapshots);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot describe the daxseal topics on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }
}
