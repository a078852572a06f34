package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedGivesTheSameFileAndItSimulatesAndChecksCleanly() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertThat(CliRun.of("generate", "--lines", "20000", "--agents", "50", "--inodes", "200", "--ttl", "1000",
                "--seed", "7", "--output", a.toString()).exit()).isZero();
        CliRun stdout = CliRun.of("generate", "--lines", "20000", "--agents", "50", "--inodes", "200", "--ttl", "1000",
                "--seed", "7");
        Files.writeString(b, stdout.out());
        assertThat(Files.readAllLines(a)).hasSize(20000).isEqualTo(Files.readAllLines(b));

        CliRun simulate = CliRun.of("simulate", "--input", a.toString(), "--until", "1700000100000");
        assertThat(simulate.exit()).isZero();
        assertThat(simulate.err()).contains("20000 inputs decided").contains("no bad lines");
        // the mix reaches every kind of decision
        assertThat(simulate.out()).contains("\"seal.granted\"", "\"seal.denied\"", "\"seal.recalled\"", "\"op.granted\"",
                "\"op.rejected\"", "\"seal.dropped\"", "\"agent.fenced\"");
        Path decided = dir.resolve("decided.jsonl");
        Files.writeString(decided, simulate.out());
        CliRun check = CliRun.of("replay", "--log", decided.toString(), "--check");
        assertThat(check.exit()).as(check.out()).isZero();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(CliRun.of("generate", "--lines", "-1").err()).contains("--lines must be >= 0");
        assertThat(CliRun.of("generate", "--lines", "1", "--agents", "0").err()).contains("must be >= 1");
        assertThat(CliRun.of("generate", "--lines", "1", "--ttl", "10").exit()).isEqualTo(2);
    }
}
