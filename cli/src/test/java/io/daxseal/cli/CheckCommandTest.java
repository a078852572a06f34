package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daxseal check} on files: exit codes and plain errors. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private static final String REGISTERED = "{\"type\":\"agent.registered\",\"v\":2,\"at\":1000,\"agent\":\"a1\",\"incarnation\":1,\"ttlMs\":1000}";
    private static final String REQUESTED = "{\"type\":\"seal.requested\",\"v\":2,\"at\":1010,\"seal\":\"s1\",\"agent\":\"a1\","
            + "\"incarnation\":1,\"process\":{\"pid\":5,\"start\":1},\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},"
            + "\"range\":{\"offset\":0,\"length\":10},\"kind\":\"pin\"}";
    private static final String GRANTED = "{\"type\":\"seal.granted\",\"v\":2,\"at\":1010,\"seal\":\"s1\",\"agent\":\"a1\","
            + "\"incarnation\":1,\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0},\"token\":1}";
    private static final String OP = "{\"type\":\"op.requested\",\"v\":2,\"at\":1020,\"op\":\"o1\",\"inode\":{\"fs\":\"f\",\"ino\":1,"
            + "\"gen\":0},\"range\":{\"offset\":0,\"length\":5},\"kind\":\"truncate\",\"policy\":\"fail-fast\","
            + "\"breakTimeoutMs\":0,\"requester\":\"r\"}";

    @Test
    void aValidLogExitsZeroAndAViolationExitsOne() throws Exception {
        Path good = dir.resolve("good.jsonl");
        Files.writeString(good, String.join("\n", REGISTERED, REQUESTED, GRANTED) + "\n");
        CliRun ok = CliRun.of("check", "--file", good.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("S1 holds").contains("S5 not checked").contains("all checked properties hold");

        Path bad = dir.resolve("bad.jsonl");
        String opGranted = "{\"type\":\"op.granted\",\"v\":2,\"at\":1020,\"op\":\"o1\",\"inode\":{\"fs\":\"f\",\"ino\":1,\"gen\":0}}";
        Files.writeString(bad, String.join("\n", REGISTERED, REQUESTED, GRANTED, OP, opGranted) + "\n");
        CliRun violated = CliRun.of("check", "--file", bad.toString());
        assertThat(violated.exit()).isEqualTo(1);
        assertThat(violated.out()).contains("S1 VIOLATED").contains("line 5").contains("VIOLATIONS FOUND");
    }

    @Test
    void missingInputsAreUsageErrors() {
        assertThat(CliRun.of("check").exit()).isEqualTo(2);
        CliRun noFile = CliRun.of("check", "--file", dir.resolve("nope.jsonl").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("no such file");
        CliRun noRecords = CliRun.of("check", "--file", dir.resolve("nope.jsonl").toString(), "--records", "/nonexistent");
        assertThat(noRecords.err()).contains("/nonexistent");
    }
}
