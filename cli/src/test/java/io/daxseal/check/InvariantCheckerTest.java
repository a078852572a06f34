package io.daxseal.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.BreakCause;
import io.daxseal.events.SealReleased;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.Event;
import io.daxseal.events.Inode;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.RejectReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import io.daxseal.events.json.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker catches a violation of each of S1–S7, names the records involved, and passes the
 * same log without the violation. The logs are decided logs (as {@code daxseal simulate} writes
 * them); a valid one is re-decided exactly by the state machine, so S4 holds on it.
 */
class InvariantCheckerTest {

    private static final EventCodec CODEC = EventCodec.standard();
    private static final Inode INODE = new Inode("fs", 7, 0);
    private static final ProcessRef PROC = new ProcessRef(100, 5);
    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Agent a1#1 registers (ttl 1000) and is granted seal s1 over [0, 4096). */
    private static List<Event> sealedBase() {
        List<Event> log = new ArrayList<>();
        log.add(new AgentRegistered(T, "a1", 1, 1000));
        log.add(new SealRequested(T + 10, "s1", "a1", 1, PROC, INODE, new Range(0, 4096), SealKind.PIN));
        log.add(new SealGranted(T + 10, "s1", "a1", 1, INODE, 1));
        return log;
    }

    private Path write(String name, List<Event> events) throws IOException {
        Path file = dir.resolve(name);
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(CODEC.encode(e)).append('\n'));
        Files.writeString(file, b.toString());
        return file;
    }

    private CheckReport check(List<Event> events, Path... records) throws IOException {
        return InvariantChecker.checkFile(write("log.jsonl", events), List.of(records), 0);
    }

    @Test
    void aValidLogHoldsEverything() throws IOException {
        List<Event> log = sealedBase();
        log.add(new OpRequested(T + 20, "op1", INODE, new Range(0, 100), OpKind.TRUNCATE, OpPolicy.FAIL_FAST, 0, "fs"));
        log.add(new OpRejected(T + 20, "op1", INODE, RejectReason.SEALED));
        CheckReport r = check(log);
        assertThat(r.findings()).isEmpty();
        assertThat(r.property("S1").checked()).isZero();
        assertThat(r.property("S3").checked()).isEqualTo(1);
        assertThat(r.allHold()).isTrue();
    }

    @Test
    void s1_anOpGrantedOverALiveSealIsCaught() throws IOException {
        List<Event> log = sealedBase();
        log.add(new OpRequested(T + 20, "op1", INODE, new Range(0, 100), OpKind.TRUNCATE, OpPolicy.FAIL_FAST, 0, "fs"));
        log.add(new OpGranted(T + 20, "op1", INODE));
        CheckReport r = check(log);
        assertThat(r.property("S1").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("op op1").contains("seal fs:7:0/a1#1/s1");
            assertThat(f.places()).containsExactly("line 5", "granted at line 3");
        });
        assertThat(r.allHold()).isFalse();
    }

    @Test
    void s2_anExpiryThatDoesNotBreakTheSealsIsCaught() throws IOException {
        List<Event> log = sealedBase();
        log.add(new AgentExpired(T + 1001, "a1", 1, T)); // no seal.broken before it: s1 vanishes silently
        CheckReport r = check(log);
        assertThat(r.property("S2").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("a1#1 expired").contains("stopped being live silently");
            assertThat(f.places()).containsExactly("line 4", "granted at line 3");
        });
        assertThat(r.property("S1").holds()).isTrue();
        assertThat(r.property("S3").holds()).isTrue();
    }

    @Test
    void s3_aGrantToAnExpiredIncarnationIsCaught() throws IOException {
        List<Event> log = sealedBase();
        log.add(new SealBroken(T + 1001, "s1", "a1", 1, INODE, BreakCause.LEASE_EXPIRED));
        log.add(new AgentExpired(T + 1001, "a1", 1, T));
        log.add(new SealRequested(T + 1100, "s2", "a1", 1, PROC, INODE, new Range(0, 10), SealKind.MAP));
        log.add(new SealGranted(T + 1100, "s2", "a1", 1, INODE, 2));
        CheckReport r = check(log);
        assertThat(r.property("S3").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("granted to a1#1, which had expired");
            assertThat(f.places()).containsExactly("line 7");
        });
        assertThat(r.property("S2").holds()).isTrue();
    }

    @Test
    void s7_aTokenRepeatedAfterTheInodeWasForgottenIsCaught() throws IOException {
        List<Event> log = sealedBase();
        log.add(new SealReleased(T + 20, "s1", "a1", 1, INODE, ReleaseReason.UNPIN)); // the inode is idle: forgotten
        log.add(new SealRequested(T + 30, "s2", "a1", 1, PROC, INODE, new Range(0, 10), SealKind.MAP));
        log.add(new SealGranted(T + 30, "s2", "a1", 1, INODE, 1)); // a v1 per-inode counter would restart here
        CheckReport r = check(log);
        assertThat(r.property("S7").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("token 1, not above the newest token 1");
            assertThat(f.places()).containsExactly("line 6");
        });
        assertThat(r.property("S3").holds()).isTrue();

        List<Event> fixed = new ArrayList<>(log.subList(0, 5));
        fixed.add(new SealGranted(T + 30, "s2", "a1", 1, INODE, 2));
        CheckReport ok = check(fixed);
        assertThat(ok.property("S7").holds()).isTrue();
        assertThat(ok.property("S7").checked()).isEqualTo(2);
        assertThat(ok.allHold()).as(ok.findings().toString()).isTrue();
    }

    @Test
    void s4_aDecisionThatReDecidingDoesNotGiveIsCaught() throws IOException {
        List<Event> log = new ArrayList<>();
        log.add(new AgentRegistered(T, "a1", 1, 1000));
        log.add(new SealRequested(T + 10, "s1", "a1", 1, PROC, INODE, new Range(0, 4096), SealKind.PIN));
        log.add(new SealGranted(T + 10, "s1", "a1", 1, INODE, 5)); // the token must be 1
        CheckReport r = check(log);
        assertThat(r.property("S4").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("\"token\":5").contains("\"token\":1");
            assertThat(f.places()).containsExactly("line 3");
        });
        assertThat(r.property("S1").holds()).isTrue();
        assertThat(r.property("S2").holds()).isTrue();
        assertThat(r.property("S3").holds()).isTrue();
    }

    /** A log in which a1#1's seal is broken for lease expiry at T + 1001. */
    private static List<Event> expiredLog() {
        List<Event> log = sealedBase();
        log.add(new SealBroken(T + 1001, "s1", "a1", 1, INODE, BreakCause.LEASE_EXPIRED));
        log.add(new AgentExpired(T + 1001, "a1", 1, T));
        return log;
    }

    private Path records(String name, String cause, long deadline) throws IOException {
        Path file = dir.resolve(name);
        try (LocalRecordFile f = LocalRecordFile.open(file, "a1", InstantSource.fixed(java.time.Instant.ofEpochMilli(T)))) {
            f.registered("a1", 1, T);
            f.revoked("a1", 1, cause, deadline, T + 1500, List.<HeldSeal>of());
        }
        return file;
    }

    @Test
    void s5_anAgentThatRevokedOnlyWhenToldIsCaughtAndOneThatRevokedFirstPasses() throws IOException {
        CheckReport late = check(expiredLog(), records("late.jsonl", "coordinator", T + 1200));
        assertThat(late.property("S5").findings()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("a1#1 did not revoke on its own");
            assertThat(f.places()).containsExactly("line 4", "late.jsonl#3");
        });
        CheckReport deadlineAfterBreak = check(expiredLog(), records("slow.jsonl", "lease-in-doubt", T + 1001));
        assertThat(deadlineAfterBreak.property("S5").findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not before the coordinator broke its seals at " + (T + 1001)));

        CheckReport good = check(expiredLog(), records("good.jsonl", "lease-in-doubt", T + 800));
        assertThat(good.property("S5").findings()).isEmpty();
        assertThat(good.property("S5").checked()).isEqualTo(1);
        assertThat(good.allHold()).isTrue();
    }

    @Test
    void s5_anAgentKilledWhileHoldingTheLeaseIsCountedNotJudged() throws IOException {
        Path file = dir.resolve("killed.jsonl");
        InstantSource clock = InstantSource.fixed(java.time.Instant.ofEpochMilli(T));
        try (LocalRecordFile f = LocalRecordFile.open(file, "a1", clock)) {
            f.registered("a1", 1, T);
        }
        LocalRecordFile.open(file, "a1", clock).close(); // the restarted process's "started"
        CheckReport r = check(expiredLog(), file);
        assertThat(r.property("S5").holds()).isTrue();
        assertThat(r.property("S5").checked()).isZero();
        assertThat(r.property("S5").notes()).anyMatch(n -> n.contains("1 expired incarnation(s) had been killed"));
    }

    @Test
    void s6_anAcknowledgedEventMissingFromOrTwiceInTheLogIsCaught() throws IOException {
        List<Event> log = sealedBase();
        Event lost = new SealRequested(T + 50, "s9", "a1", 1, PROC, INODE, new Range(0, 1), SealKind.PIN);
        Path file = dir.resolve("acks.jsonl");
        try (LocalRecordFile f = LocalRecordFile.open(file, "a1", InstantSource.system())) {
            f.acknowledged("t.inode-log", 0, 1, CODEC.encode(log.get(1)).getBytes(StandardCharsets.UTF_8));
            f.acknowledged("t.inode-log", 0, 9, CODEC.encode(lost).getBytes(StandardCharsets.UTF_8));
        }
        CheckReport r = check(log, file);
        assertThat(r.property("S6").checked()).isEqualTo(2);
        assertThat(r.property("S6").findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("0 times: it was lost").contains("\"seal\":\"s9\""));

        List<Event> twice = sealedBase();
        twice.add(2, log.get(1)); // the request is in the log twice
        CheckReport dup = check(twice, file);
        assertThat(dup.property("S6").findings()).anyMatch(f -> f.message().contains("2 times"));
    }

    @Test
    void aTornLastLineOfARecordFileIsReportedNotFatal() throws IOException {
        Path file = records("torn.jsonl", "lease-in-doubt", T + 800);
        Files.writeString(file, "{\"record\":\"acked\",\"sou", java.nio.file.StandardOpenOption.APPEND);
        CheckReport r = check(expiredLog(), file);
        assertThat(r.property("S5").holds()).isTrue();
        assertThat(r.property("S6").notes()).anyMatch(n -> n.contains("1 unreadable record line"));
    }
}
