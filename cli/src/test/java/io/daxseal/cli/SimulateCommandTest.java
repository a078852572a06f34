package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    static final String REG_A = "{\"type\":\"agent.registered\",\"v\":2,\"at\":1000,\"agent\":\"a\",\"incarnation\":1,\"ttlMs\":1000}";
    static final String PIN = "{\"type\":\"seal.requested\",\"v\":2,\"at\":1100,\"seal\":\"s1\",\"agent\":\"a\",\"incarnation\":1,"
            + "\"process\":{\"pid\":7,\"start\":1},\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},"
            + "\"range\":{\"offset\":0,\"length\":10},\"kind\":\"pin\",\"traceId\":\"keep-me\"}";

    @Test
    void printsEveryInputAsItCameAndEveryDecisionInOrder() throws IOException {
        Path input = write("in.jsonl", REG_A, PIN);
        CliRun run = CliRun.of("simulate", "--input", input.toString(), "--until", "5000");
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly(
                REG_A,
                PIN, // unknown fields kept: the log is the audit trail
                "{\"type\":\"seal.granted\",\"v\":2,\"at\":1100,\"seal\":\"s1\",\"agent\":\"a\",\"incarnation\":1,"
                        + "\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},\"token\":1}",
                "{\"type\":\"seal.broken\",\"v\":2,\"at\":2001,\"seal\":\"s1\",\"agent\":\"a\",\"incarnation\":1,"
                        + "\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},\"cause\":\"lease-expired\"}",
                "{\"type\":\"agent.expired\",\"v\":2,\"at\":2001,\"agent\":\"a\",\"incarnation\":1,\"lastHeartbeatAt\":1000}");
        assertThat(run.err()).contains("simulate: 2 inputs decided; 3 decisions; no bad lines; clock 2001; 0 live seals");
    }

    @Test
    void withoutUntilTimersAfterTheLastInputDoNotFireAndTheSummarySaysSo() throws IOException {
        CliRun run = CliRun.of("simulate", "--input", write("in.jsonl", REG_A, PIN).toString());
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.err()).contains("1 live seals").contains("next timer fires at 2001 (--until fires it)");
    }

    @Test
    void badLinesAreReportedWithTheirLineNumberAndNeverStopTheRun() throws IOException {
        Path input = write("in.jsonl",
                REG_A,
                "{\"type\":\"seal.requested\",\"v\":2,\"at\":1050}",
                "",
                "not json at all",
                "{\"type\":\"seal.granted\",\"v\":2,\"at\":1,\"seal\":\"x\",\"agent\":\"a\",\"incarnation\":1,"
                        + "\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},\"token\":9}",
                PIN.replace("\"length\":10", "\"length\":\"10\""),
                PIN);
        CliRun run = CliRun.of("simulate", "--input", input.toString());
        assertThat(run.exit()).isZero();
        String file = input.toString();
        assertThat(run.err()).contains(
                file + ":2: bad event (missing): missing required field 'seal'",
                file + ":4: bad event (malformed-json): not a valid JSON object",
                file + ":5: bad event (not-accepted-here): 'seal.granted' is a coordinator decision",
                file + ":6: bad event (wrong-type): field 'range.length' has the wrong type: expected a whole number, "
                        + "got the string \"10\"",
                "4 bad lines (1 malformed-json, 1 missing, 1 wrong-type, 1 not-accepted-here)");
        // the good event behind the bad ones was decided
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(2)).contains("\"type\":\"seal.granted\"");
    }

    @Test
    void aDashReadsStandardInput() {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((REG_A + "\n" + PIN + "\n").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("simulate", "--input", "-");
            assertThat(run.exit()).isZero();
            assertThat(run.outLines()).hasSize(3);
            assertThat(run.err()).contains("2 inputs decided");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void ignoredInputsStayInTheLogAndAreCounted() throws IOException {
        CliRun run = CliRun.of("simulate", "--input", write("in.jsonl", REG_A, REG_A).toString());
        assertThat(run.outLines()).containsExactly(REG_A, REG_A);
        assertThat(run.err()).contains("2 inputs decided, 1 of them ignored (1 stale-incarnation)");
    }

    @Test
    void aFileThatCannotBeReadIsAClearErrorWithExitCode2() {
        CliRun run = CliRun.of("simulate", "--input", dir.resolve("missing.jsonl").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("daxseal simulate: cannot read '" + dir.resolve("missing.jsonl") + "': no such file");
        CliRun directory = CliRun.of("simulate", "--input", dir.toString());
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).contains("daxseal simulate: cannot read");
    }

    @Test
    void badArgumentsAreUsageErrorsWithExitCode2() throws IOException {
        CliRun missing = CliRun.of("simulate");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--input=FILE'").contains("daxseal simulate --help");
        CliRun negative = CliRun.of("simulate", "--input", write("in.jsonl", REG_A).toString(), "--until", "-5");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--until must be a time in epoch milliseconds >= 0 (got -5)");
        CliRun notNumber = CliRun.of("simulate", "--input", "x", "--until", "soon");
        assertThat(notNumber.exit()).isEqualTo(2);
        assertThat(notNumber.err()).contains("'soon' is not a long");
        CliRun unknown = CliRun.of("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument");
    }

    @Test
    void aStoryNobodyHereDecidedSimulatesAndChecks() throws Exception {
        Path story = Path.of(getClass().getResource("/logs/story-with-bad-lines.jsonl").toURI());
        CliRun run = CliRun.of("simulate", "--input", story.toString(), "--until", "6000");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("2 bad lines");
        assertThat(run.out()).contains("\"type\":\"seal.broken\",\"v\":2,\"at\":1701,\"seal\":\"mr-2\"",
                "\"type\":\"agent.fenced\",\"v\":2,\"at\":1701,\"agent\":\"host-b\"",
                "\"type\":\"op.granted\",\"v\":2,\"at\":1701,\"op\":\"trunc-1\"");
        Path decided = dir.resolve("decided.jsonl");
        Files.writeString(decided, run.out());
        CliRun check = CliRun.of("replay", "--log", decided.toString(), "--check");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("check: OK: all 9 decisions match");
    }
}
