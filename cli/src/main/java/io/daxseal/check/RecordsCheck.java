package io.daxseal.check;

import io.daxseal.core.check.Finding;
import io.daxseal.core.check.SafetyModel;
import io.daxseal.events.IncarnationRef;
import io.daxseal.agent.records.LocalRecord;
import io.daxseal.agent.records.LocalRecordFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * S5 and S6 from the agents' (and requesters') local records, against what the log holds.
 *
 * <ul>
 *   <li>S5: for every incarnation whose seals the coordinator broke for lease expiry, the agent's
 *       record must show that it revoked them itself ({@code cause: lease-in-doubt}) with a
 *       deadline before the break (plus the assumed clock skew). Revoking only when told by the
 *       coordinator is a violation. An incarnation whose process was killed (the next record is a
 *       new process's {@code started}) took its holders with it and is counted, not judged.
 *   <li>S6: every {@code acked} event is in the log at the acknowledged place, byte for byte, and
 *       exactly once in that topic-partition.
 * </ul>
 */
final class RecordsCheck {

    /** A record with the file and line it came from. */
    private record Placed(LocalRecord record, String place) {
    }

    private final List<Placed> all = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Placed> ackedAt = new HashMap<>();      // topic-partition@offset -> acked
    private final Map<String, String> foundAt = new HashMap<>();      // topic-partition@offset -> value in the log
    private final Map<String, Integer> copies = new HashMap<>();      // topic-partition|value -> times in the log
    private final Map<String, Integer> lineCopies = new HashMap<>(); // value -> times in a file log
    /** Per {@code topic-partition}, the first offset the walk read (when it started from a snapshot). */
    private final Map<String, Long> walkStart = new HashMap<>();
    private boolean fileLog;
    private int files;

    /** Reads every {@code *.records.jsonl}/{@code *.jsonl} file of a directory, or one file. */
    void load(Path path) throws IOException {
        List<Path> list;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                list = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            }
        } else {
            list = List.of(path);
        }
        for (Path file : list) {
            files++;
            LocalRecordFile.Contents c = LocalRecordFile.read(file);
            problems.addAll(c.problems());
            int line = 0;
            for (LocalRecord r : c.records()) {
                line++;
                Placed p = new Placed(r, file.getFileName() + "#" + line);
                all.add(p);
                if (r instanceof LocalRecord.Acked a) {
                    ackedAt.put(a.topic() + "-" + a.partition() + "@" + a.offset(), p);
                    copies.put(a.topic() + "-" + a.partition() + "|" + a.event(), 0);
                    lineCopies.put(a.event(), 0);
                }
            }
        }
    }

    /** The walk starts at these offsets: acknowledged events before them are not in the walk (retention). */
    void walkStartsAt(Map<String, Long> firstOffsets) {
        walkStart.putAll(firstOffsets);
    }

    boolean empty() {
        return files == 0;
    }

    List<String> problems() {
        return problems;
    }

    /** One record of the log, as the checker reads it. */
    void logRecord(String topic, int partition, long offset, String value) {
        String place = topic + "-" + partition + "@" + offset;
        if (ackedAt.containsKey(place)) {
            foundAt.put(place, value);
        }
        copies.computeIfPresent(topic + "-" + partition + "|" + value, (k, n) -> n + 1);
    }

    /** One line of a file log: a file has no offsets, so S6 is checked by content (each acked event once). */
    void logLine(String value) {
        fileLog = true;
        lineCopies.computeIfPresent(value, (k, n) -> n + 1);
    }

    CheckReport.Property s6() {
        if (empty()) {
            return new CheckReport.Property("S6", "no acknowledged event lost or duplicated", 0, "", "no local records given "
                    + "(--records): the log alone cannot say what producers saw acknowledged", List.of(), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        if (fileLog) {
            for (Map.Entry<String, Placed> e : ackedAt.entrySet()) {
                LocalRecord.Acked a = (LocalRecord.Acked) e.getValue().record();
                int n = lineCopies.getOrDefault(a.event(), 0);
                if (n != 1) {
                    findings.add(new Finding("S6", "the event " + a.source() + " saw acknowledged (at " + e.getKey()
                            + ") is in the file " + n + " times" + (n == 0 ? ": it was lost" : "") + ". Event: " + a.event(),
                            List.of(e.getValue().place())));
                }
            }
            return new CheckReport.Property("S6", "no acknowledged event lost or duplicated", ackedAt.size(),
                    "acknowledged events found exactly once in the file (by content: a file has no offsets)", null,
                    problemNotes(), findings);
        }
        long beforeStart = 0;
        for (Map.Entry<String, Placed> e : ackedAt.entrySet()) {
            LocalRecord.Acked a = (LocalRecord.Acked) e.getValue().record();
            if (a.offset() < walkStart.getOrDefault(a.topic() + "-" + a.partition(), 0L)) {
                beforeStart++; // before the snapshot the walk starts from: deleted by retention, or covered by it
                continue;
            }
            String found = foundAt.get(e.getKey());
            if (found == null) {
                findings.add(new Finding("S6", a.source() + " saw this event acknowledged at " + e.getKey()
                        + ", but the log has no record there: it was lost. Event: " + a.event(),
                        List.of(e.getKey(), e.getValue().place())));
            } else if (!found.equals(a.event())) {
                findings.add(new Finding("S6", a.source() + " saw an event acknowledged at " + e.getKey()
                        + ", but the log holds another one there. Acknowledged: " + a.event() + "; in the log: " + found,
                        List.of(e.getKey(), e.getValue().place())));
            } else {
                int n = copies.getOrDefault(a.topic() + "-" + a.partition() + "|" + a.event(), 0);
                if (n != 1) {
                    findings.add(new Finding("S6", "the event " + source(a) + " saw acknowledged at " + e.getKey()
                            + " is in " + a.topic() + "-" + a.partition() + " " + n + " times", List.of(e.getKey(),
                            e.getValue().place())));
                }
            }
        }
        findings.sort(java.util.Comparator.comparing(Finding::message));
        List<String> notes = new ArrayList<>(problemNotes());
        if (beforeStart > 0) {
            notes.add(beforeStart + " acknowledged event(s) lie before the snapshot the check starts from: not checked");
        }
        return new CheckReport.Property("S6", "no acknowledged event lost or duplicated", ackedAt.size() - beforeStart,
                "acknowledged events found exactly once at their place (" + files + " record file(s))", null,
                notes, findings);
    }

    private List<String> problemNotes() {
        return problems.isEmpty() ? List.of() : List.of(problems.size() + " unreadable record line(s) (a torn last "
                + "line after a kill is expected): " + problems.get(0));
    }

    private static String source(LocalRecord.Acked a) {
        return a.source();
    }

    CheckReport.Property s5(Map<IncarnationRef, SafetyModel.LeaseBreak> breaks, long clockSkewMs) {
        if (empty()) {
            return new CheckReport.Property("S5", "agents revoke before their seals are broken", 0, "",
                    "no local records given (--records): only the agents know when they revoked", List.of(), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        long judged = 0;
        long killed = 0;
        long unknown = 0;
        List<Long> leads = new ArrayList<>();
        for (SafetyModel.LeaseBreak b : breaks.values()) {
            Verdict v = verdict(b);
            switch (v.kind) {
                case KILLED -> killed++;
                case UNKNOWN -> unknown++;
                case REVOKED -> {
                    judged++;
                    LocalRecord.Revoked r = v.revoked;
                    if (!r.cause().equals("lease-in-doubt")) {
                        findings.add(new Finding("S5", b.incarnation() + " did not revoke on its own: it "
                                + "revoked (cause " + r.cause() + ") at " + r.at() + " while trusting its lease (deadline "
                                + r.deadline() + "), and the coordinator broke its seals at " + b.at(),
                                List.of(b.place(), v.place)));
                    } else if (r.deadline() + clockSkewMs >= b.at()) {
                        findings.add(new Finding("S5", b.incarnation() + " revoked at its deadline "
                                + r.deadline() + " (+ " + clockSkewMs + " ms assumed skew), not before the coordinator "
                                + "broke its seals at " + b.at(), List.of(b.place(), v.place)));
                    } else {
                        leads.add(b.at() - r.deadline());
                    }
                }
                case NOT_REVOKED -> {
                    judged++;
                    findings.add(new Finding("S5", b.incarnation() + " kept running after the "
                            + "coordinator broke its seals at " + b.at() + " and never revoked them", List.of(b.place(), v.place)));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (!leads.isEmpty()) {
            leads.sort(null);
            notes.add("self-revocation deadline before the coordinator's break: min " + leads.get(0) + " ms, median "
                    + leads.get(leads.size() / 2) + " ms");
        }
        if (killed > 0) {
            notes.add(killed + " expired incarnation(s) had been killed (kill -9): their holders died with them");
        }
        if (unknown > 0) {
            notes.add(unknown + " expired incarnation(s) have no local record (no record file for that agent)");
        }
        return new CheckReport.Property("S5", "agents revoke before their seals are broken", judged,
                "incarnations whose seals were broken for lease expiry judged", null, notes, findings);
    }

    private enum Kind { REVOKED, NOT_REVOKED, KILLED, UNKNOWN }

    private record Verdict(Kind kind, LocalRecord.Revoked revoked, String place) {
    }

    /** Finds, in the agent's records, what it did about an incarnation after registering it. */
    private Verdict verdict(SafetyModel.LeaseBreak b) {
        boolean registered = false;
        String registeredPlace = null;
        for (Placed p : all) {
            LocalRecord rec = p.record();
            if (rec instanceof LocalRecord.Registered r && new IncarnationRef(r.agent(), r.incarnation()).equals(b.incarnation())) {
                registered = true;
                registeredPlace = p.place();
            } else if (registered && rec instanceof LocalRecord.Revoked r && new IncarnationRef(r.agent(), r.incarnation()).equals(b.incarnation())) {
                return new Verdict(Kind.REVOKED, r, p.place());
            } else if (registered && rec instanceof LocalRecord.Started s && s.source().equals(b.incarnation().agent())) {
                return new Verdict(Kind.KILLED, null, p.place());
            }
        }
        if (!registered) {
            return new Verdict(Kind.UNKNOWN, null, null);
        }
        // Registered, then the record ends: killed at the very end, or it is still running unrevoked.
        return new Verdict(Kind.NOT_REVOKED, null, registeredPlace);
    }
}
