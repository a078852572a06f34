package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    @TempDir
    Path dir;
    Path decided;
    List<String> lines;

    @BeforeEach
    void decideTheStory() throws Exception {
        Path story = Path.of(getClass().getResource("/logs/story-with-bad-lines.jsonl").toURI());
        CliRun run = CliRun.of("simulate", "--input", story.toString(), "--until", "6000");
        assertThat(run.exit()).isZero();
        decided = dir.resolve("decided.jsonl");
        Files.writeString(decided, run.out());
        lines = new ArrayList<>(run.outLines());
    }

    @Test
    void showsLiveSealsOperationsAndAgentsAsOfALine() {
        CliRun run = CliRun.of("replay", "--log", decided.toString(), "--at", "9");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(
                "daxseal state after line 9 of " + decided + " (clock 1200)",
                "INODE fs1:12:1",
                "1      mr-1  host-a#1  4242@77  pin   [0,2097152)        1100        trunc-1",
                "trunc-1  truncate  [1048576,EOF)  recall-then-break  recalling  1700      host-a#1/mr-1,host-b#1/mr-2  mds",
                "host-b  1            live    3000    1000           1000            2800           1");
    }

    @Test
    void showsTheEndStateByDefaultAndCountsQuietInodes() {
        CliRun run = CliRun.of("replay", "--log", decided.toString());
        assertThat(run.out()).contains("(clock 5001)", "INODE fs1:12:1", "no live seals",
                "trunc-1  truncate", "granted", "host-a  1            expired", "host-b  1            fenced");
        // punch-1 on fs1:99:1 was granted and never finished: listed
        assertThat(run.out()).contains("INODE fs1:99:1", "newest token per partition: ");
    }

    @Test
    void idleInodesAreForgottenAndTheTokensGoOnFromThePartitionsCounter() throws Exception {
        Path incident = Path.of("..", "examples", "incident.decided.jsonl");
        CliRun run = CliRun.of("replay", "--log", incident.toString());
        assertThat(run.out()).contains("no inode has live seals or unfinished operations",
                "newest token per partition: 6").doesNotContain("INODE ");
        CliRun one = CliRun.of("replay", "--log", incident.toString(), "--inode",
                "5c1e7a52-0d8e-4c52-9a55-2f4b8b1f0c11:2002:1");
        assertThat(one.out()).contains("inode 5c1e7a52-0d8e-4c52-9a55-2f4b8b1f0c11:2002:1: no live seal or unfinished "
                + "operation").doesNotContain("INODE ");
    }

    @Test
    void aLogDecidedByAVersion1CoordinatorReplaysWithItsOwnDecisions() throws Exception {
        Path v1 = Path.of("..", "examples", "v1", "incident.decided.jsonl");
        assertThat(java.nio.file.Files.readString(v1)).contains("\"v\":1,").doesNotContain("\"v\":2,");
        CliRun run = CliRun.of("replay", "--log", v1.toString(), "--at", "20");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("no bad lines").doesNotContain("inconsistent");
        // v1 counted tokens per inode: its own decisions are applied as they are.
        assertThat(run.out()).contains("1      mr-2  host-c#1  6300@77777  pin");
        // Re-deciding it under v2 differs exactly where PROTOCOL.md's table says: the tokens.
        CliRun check = CliRun.of("replay", "--log", v1.toString(), "--check");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("\"token\":1").contains("\"token\":3");
    }

    @Test
    void filtersOneInodeAndSaysWhenItHasNothing() {
        CliRun run = CliRun.of("replay", "--log", decided.toString(), "--inode", "fs1:99:1");
        assertThat(run.out()).contains("INODE fs1:99:1").contains("punch-1").doesNotContain("AGENTS").doesNotContain("fs1:12:1");
        CliRun none = CliRun.of("replay", "--log", decided.toString(), "--inode", "fs9:1:1");
        assertThat(none.out()).contains("inode fs9:1:1: no live seal or unfinished operation");
    }

    @Test
    void printsJson() throws IOException {
        CliRun run = CliRun.of("replay", "--log", decided.toString(), "--at", "9", "--json");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("line").asLong()).isEqualTo(9);
        JsonNode inode = json.at("/state/inodes/0");
        assertThat(inode.get("inode").asText()).isEqualTo("fs1:12:1");
        assertThat(inode.at("/seals/0/kind").asText()).isEqualTo("pin");
        assertThat(inode.at("/seals/1/range/offset").asLong()).isEqualTo(4194304);
        assertThat(inode.at("/ops/0/state").asText()).isEqualTo("recalling");
        assertThat(inode.at("/ops/0/policy").asText()).isEqualTo("recall-then-break");
        assertThat(json.at("/state/incarnations/0/status").asText()).isEqualTo("live");
        assertThat(json.get("digest").asText()).hasSize(64);
    }

    @Test
    void checkFindsATamperedDecisionAndNamesItsLine() throws IOException {
        int granted = lines.indexOf(lines.stream().filter(l -> l.contains("\"token\":2")).findFirst().orElseThrow());
        lines.set(granted, lines.get(granted).replace("\"token\":2", "\"token\":3"));
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, lines);
        CliRun run = CliRun.of("replay", "--log", tampered.toString(), "--check");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("check: MISMATCH", "line " + (granted + 1) + " of the log has:", "\"token\":3",
                "re-deciding the log's inputs gives instead:", "\"token\":2");
    }

    @Test
    void checkFindsAMissingDecision() throws IOException {
        lines.removeIf(l -> l.contains("\"type\":\"agent.fenced\""));
        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines);
        CliRun run = CliRun.of("replay", "--log", cut.toString(), "--check");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"type\":\"op.granted\"").contains("\"type\":\"agent.fenced\"");
    }

    @Test
    void checkOfAPrefixAcceptsDecisionsThatComeAfterIt() {
        CliRun run = CliRun.of("replay", "--log", decided.toString(), "--check", "--at", "8");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("check: OK");
    }

    @Test
    void inconsistentAndBadLinesAreReportedAndSkipped() throws IOException {
        Path log = dir.resolve("odd.jsonl");
        Files.write(log, List.of(lines.get(0),
                "{\"type\":\"op.granted\",\"v\":2,\"at\":5,\"op\":\"nope\",\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0}}",
                "{\"broken\": true}",
                lines.get(1)));
        CliRun run = CliRun.of("replay", "--log", log.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains(log + ":2: does not fit the log before it, skipped: op.granted for operation 'nope'",
                log + ":3: bad event (missing): missing required field 'type'",
                "2 events applied up to line 4; 1 bad line (1 missing); 1 inconsistent events skipped");
        assertThat(run.out()).contains("host-a", "host-b");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(CliRun.of("replay", "--log", decided.toString(), "--inode", "nonsense").err())
                .contains("--inode: inode key 'nonsense' is not of the form FS:INO:GEN");
        assertThat(CliRun.of("replay", "--log", decided.toString(), "--inode", "fs:x:1").exit()).isEqualTo(2);
        assertThat(CliRun.of("replay", "--log", decided.toString(), "--at", "0").err())
                .contains("--at must be a line number >= 1 (got 0)");
        CliRun missing = CliRun.of("replay", "--log", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void anAtBeyondTheEndShowsTheEndAndSaysSo() {
        CliRun run = CliRun.of("replay", "--log", decided.toString(), "--at", "10000");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("the log ends at line " + lines.size() + ", before --at 10000");
    }
}
