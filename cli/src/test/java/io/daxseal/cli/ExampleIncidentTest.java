package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's debugging example (simulate on the shipped incident): its decided log must stay exactly the one
 * committed next to it (examples/incident.decided.jsonl), and that log must pass --check.
 */
class ExampleIncidentTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theReadmesMainCommandGivesTheCommittedDecidedLog() throws Exception {
        CliRun run = CliRun.of("simulate", "--input", EXAMPLES.resolve("incident.jsonl").toString(),
                "--until", "1700000010000");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("34 inputs decided", "22 decisions", "no bad lines");
        assertThat(run.outLines()).isEqualTo(Files.readAllLines(EXAMPLES.resolve("incident.decided.jsonl")));
        assertThat(run.out()).contains("\"reason\":\"range-busy\"", "\"cause\":\"recall-timeout\"",
                "\"cause\":\"agent-fenced\"", "\"cause\":\"lease-expired\"", "\"cause\":\"process-exit\"");
    }

    @Test
    void theCommittedDecidedLogPassesTheCheck() {
        CliRun run = CliRun.of("replay", "--log", EXAMPLES.resolve("incident.decided.jsonl").toString(), "--check");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("check: OK: all 22 decisions match");
    }
}
