package io.daxseal.check;

import io.daxseal.core.check.Finding;
import io.daxseal.core.check.SafetyModel;
import io.daxseal.coordinator.runtime.LogAudit;
import io.daxseal.coordinator.runtime.LogObserver;
import io.daxseal.coordinator.runtime.LogStep;
import io.daxseal.core.check.S4Audit;
import io.daxseal.core.sim.LogReader;
import io.daxseal.events.Input;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks S1–S7 of PROTOCOL.md on a whole log and the agents' local records; see the package
 * documentation for what each check means. Reads the log once.
 */
public final class InvariantChecker {

    private InvariantChecker() {
    }

    /**
     * Checks the daxseal topics of a Kafka cluster, in the coordinator's order (journal and
     * headers), at {@code read_committed}: what a fenced zombie wrote and was aborted is not in the log.
     *
     * @param records local record files or directories of them; may be empty (S5 and S6 are then not checked)
     * @param clockSkewMs how far the agents' clocks may be from the coordinator's (S5)
     */
    public static CheckReport checkKafka(String bootstrapServers, Topics topics, List<Path> records, long clockSkewMs)
            throws IOException, InterruptedException {
        return checkKafka(bootstrapServers, topics, records, clockSkewMs, null);
    }

    /** As above, and shows the walk to {@code also} (the chaos harness reads recovery times off it). */
    public static CheckReport checkKafka(String bootstrapServers, Topics topics, List<Path> records, long clockSkewMs,
                                         LogObserver also) throws IOException, InterruptedException {
        RecordsCheck recordsCheck = load(records);
        SafetyModel model = new SafetyModel();
        long[] rearms = new long[1];
        LogAudit.Report audit = LogAudit.run(bootstrapServers, topics, Long.MAX_VALUE, new LogObserver() {
            @Override
            public void start(io.daxseal.core.StateSnapshot state, String from, Map<String, Long> firstOffsets) {
                // The log before the coordinator's snapshot is gone or covered: check from the snapshot's state on.
                model.seed(state, from);
                recordsCheck.walkStartsAt(firstOffsets);
            }

            @Override
            public void rearm(long now, String instance, String journalPlace) {
                rearms[0]++;
                if (also != null) {
                    also.rearm(now, instance, journalPlace);
                }
            }

            @Override
            public void record(ConsumerRecord<String, byte[]> r) {
                if (r.value() != null) {
                    recordsCheck.logRecord(r.topic(), r.partition(), r.offset(), new String(r.value(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public void step(LogStep s) {
                if (s.input() != null) {
                    model.accept(s.input(), s.inputPlace());
                }
                for (int i = 0; i < s.logged().size(); i++) {
                    model.accept(s.logged().get(i), s.loggedPlaces().get(i));
                }
                model.endStep();
                if (also != null) {
                    also.step(s);
                }
            }
        });
        CheckReport report = new CheckReport("Kafka " + bootstrapServers + " (topics " + topics.inodeLog() + ", "
                + topics.agentLog() + ", journal " + topics.journal() + ")");
        if (audit.startedFrom() != null) {
            report.remark("checked from " + audit.startedFrom() + ", the state the coordinator loads: the log before it "
                    + "is deleted by retention or covered by it");
        }
        report.remark(audit.entries() + " journal entries (" + rearms[0] + " coordinator loads), " + audit.inputs()
                + " inputs, " + audit.decisions() + " decisions, " + audit.badRecords() + " bad records and "
                + audit.foreignDecisions() + " foreign decisions kept in the log, not applied");
        addSafety(report, model);
        report.put(new CheckReport.Property("S4", "replay equals re-deciding", audit.inputs() + audit.decisions(),
                "inputs re-decided and decisions compared", null,
                List.of("state digest: replayed " + audit.replayedDigest() + ", re-decided " + audit.redecidedDigest()),
                audit.consistent() ? List.of() : List.of(new Finding("S4", audit.firstDifference() != null
                        ? audit.firstDifference() : "replayed state " + audit.replayedDigest() + " differs from re-decided "
                        + audit.redecidedDigest(), List.of()))));
        addRecords(report, model, recordsCheck, clockSkewMs);
        report.put(withCoordinatorDecisions(report.property("S6"), audit));
        return report;
    }

    /**
     * S6 for the coordinator, a producer too: its committed decisions are numbered without gaps
     * (header {@code daxseal-seq}), so a missing number is a committed decision lost and a repeated
     * one a decision written twice.
     */
    private static CheckReport.Property withCoordinatorDecisions(CheckReport.Property s6, LogAudit.Report audit) {
        List<Finding> findings = new ArrayList<>(s6.findings());
        if (audit.decisionSeqGaps() > 0) {
            findings.add(new Finding("S6", audit.decisionSeqGaps() + " committed coordinator decision(s) are missing: "
                    + "the decisions' sequence numbers have gaps", List.of()));
        }
        if (audit.decisionSeqDuplicates() > 0) {
            findings.add(new Finding("S6", audit.decisionSeqDuplicates() + " coordinator decision(s) are in the log "
                    + "twice: repeated sequence numbers", List.of()));
        }
        String what = "events checked (" + (s6.skipped() == null ? s6.checked() + " acknowledged to producers, each "
                + "found once at its place; " : "") + audit.decisions() + " coordinator decisions, numbered without "
                + "gaps or repeats)";
        List<String> notes = new ArrayList<>(s6.notes());
        if (s6.skipped() != null) {
            notes.add("producers' acknowledgements not checked: " + s6.skipped());
        }
        return new CheckReport.Property("S6", s6.title(), s6.checked() + audit.decisions(), what, null, notes, findings);
    }

    /** Checks a decided {@code .jsonl} log (the order is the file's), e.g. the output of {@code daxseal simulate}. */
    public static CheckReport checkFile(Path log, List<Path> records, long clockSkewMs) throws IOException {
        RecordsCheck recordsCheck = load(records);
        SafetyModel model = new SafetyModel();
        S4Audit s4 = new S4Audit();
        long bad = 0;
        long events = 0;
        boolean s4Going = true;
        try (LogReader reader = LogReader.open(log, EventCodec.standard())) {
            LogReader.Line line;
            while ((line = reader.next()) != null) {
                recordsCheck.logLine(line.text());
                if (line.isBad()) {
                    bad++;
                    continue;
                }
                events++;
                if (line.event() instanceof Input) {
                    model.endStep();
                }
                model.accept(line.event(), "line " + line.number());
                if (s4Going) {
                    s4Going = s4.accept("line " + line.number(), line.event());
                }
            }
        }
        model.endStep();
        S4Audit.Difference mismatch = s4.finishFile(true);
        CheckReport report = new CheckReport("file " + log);
        report.remark(events + " events, " + bad + " bad lines kept in the log, not applied");
        addSafety(report, model);
        List<Finding> s4Findings = new ArrayList<>();
        if (mismatch != null) {
            EventCodec codec = EventCodec.standard();
            s4Findings.add(new Finding("S4", mismatch.inLog() == null
                    ? "the log ends, but re-deciding its inputs goes on with " + codec.encode(mismatch.reDecided())
                    : "the log has " + codec.encode(mismatch.inLog()) + " but re-deciding its inputs gives "
                    + (mismatch.reDecided() == null ? "nothing more" : codec.encode(mismatch.reDecided())),
                    mismatch.where() != null ? List.of(mismatch.where()) : List.of()));
        }
        report.put(new CheckReport.Property("S4", "replay equals re-deciding", s4.eventsChecked(),
                "events re-decided and compared", null, List.of(), s4Findings));
        addRecords(report, model, recordsCheck, clockSkewMs);
        return report;
    }

    private static RecordsCheck load(List<Path> records) throws IOException {
        RecordsCheck check = new RecordsCheck();
        for (Path p : records) {
            check.load(p);
        }
        return check;
    }

    private static void addSafety(CheckReport report, SafetyModel model) {
        report.put(new CheckReport.Property("S1", "no op granted over a live seal", model.opGrantsChecked(),
                "op.granted checked against the live seals", null, List.of(), model.s1()));
        report.put(new CheckReport.Property("S2", "seals end only explicitly", model.incarnationEndsChecked(),
                "ended incarnations and " + model.sealEndsChecked() + " seal ends checked", null,
                List.of(model.liveSeals().size() + " seal(s) of live incarnations still live at the end"), model.s2()));
        report.put(new CheckReport.Property("S3", "no grant to an ended incarnation", model.grantsChecked(),
                "seal.granted checked", null, List.of(), model.s3()));
        report.put(new CheckReport.Property("S7", "tokens strictly increase per inode", model.grantsChecked(),
                "seal.granted tokens compared with the inode's newest", null, List.of(), model.s7()));
    }

    private static void addRecords(CheckReport report, SafetyModel model, RecordsCheck records, long skew) {
        report.put(records.s5(model.leaseBreaks(), skew));
        report.put(records.s6());
        // Keep the properties in order S1..S7.
        List<CheckReport.Property> sorted = new ArrayList<>(report.properties());
        sorted.sort(java.util.Comparator.comparing(CheckReport.Property::id));
        sorted.forEach(report::put);
    }
}
