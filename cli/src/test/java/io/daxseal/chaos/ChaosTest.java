package io.daxseal.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.check.CheckReport;
import io.daxseal.cli.DaxsealCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small chaos run of the test suite: real processes (broker, two coordinators, three agents),
 * every fault kind at least once, then S1–S7 on the whole log and the agents' records. About a
 * minute. The long run is {@code ./daxseal chaos --duration 30m} (README).
 */
class ChaosTest {

    @TempDir
    Path dir;

    @Test
    void everyFaultKindOnceAndEveryInvariantHolds() throws Exception {
        StringWriter out = new StringWriter();
        ChaosRun.Result result = ChaosRun.run(new ChaosRun.Options(Duration.ofSeconds(5), 3, 3, Duration.ofSeconds(3),
                Duration.ofSeconds(6), dir.resolve("run")), new PrintWriter(out, true), DaxsealCli.class);
        String report = result.report();
        assertThat(result.problems()).as(report).isEmpty();
        for (Fault.Kind kind : Fault.Kind.values()) {
            assertThat(report).as("each fault kind was injected").contains(kind.title);
        }
        CheckReport check = result.check();
        for (String p : new String[] {"S1", "S2", "S3", "S4", "S5", "S6"}) {
            CheckReport.Property property = check.property(p);
            assertThat(property.skipped()).as(p + " was checked").isNull();
            assertThat(property.findings()).as(report).isEmpty();
        }
        assertThat(check.property("S1").checked()).as("operations were granted").isPositive();
        assertThat(check.property("S6").checked()).as("acknowledged events were checked").isGreaterThan(100);
        assertThat(result.passed()).isTrue();
        assertThat(Files.readString(dir.resolve("run/report.txt"))).contains("CHAOS RUN PASSED");
    }
}
