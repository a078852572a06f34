package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.testkit.SharedBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting and stopping the daemons as a user does: a dead address is named in seconds, a SIGTERM is quiet. */
class StartupTest {

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaxsealCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    @Timeout(10)
    void aClusterBrokerNeedsItsWholeIdentityAndSaysWhatIsWrongBeforeItStarts(@org.junit.jupiter.api.io.TempDir
                                                                            java.nio.file.Path dir) {
        Run partial = cli("broker", "--data-dir", dir.toString(), "--node-id", "1");
        assertThat(partial.code()).isEqualTo(2);
        assertThat(partial.err()).contains("needs --node-id, --cluster-id, --voters and --advertised-host together");
        Run notVoter = cli("broker", "--data-dir", dir.toString(), "--node-id", "4", "--cluster-id",
                "8nWtcH0ZQ8CE1Gs8YoZ2jw", "--voters", "1@b1:9093,2@b2:9093", "--advertised-host", "b4");
        assertThat(notVoter.code()).isEqualTo(2);
        assertThat(notVoter.err()).contains("node id 4 is not among the voters");
        Run aloneWithPort = cli("broker", "--data-dir", dir.toString(), "--port", "9000");
        assertThat(aloneWithPort.code()).isEqualTo(2);
        assertThat(aloneWithPort.err()).contains("--port is for a cluster node");
        assertThat(dir.resolve("kafka")).as("nothing was formatted").doesNotExist();
    }

    @Test
    @Timeout(20)
    void aCoordinatorWithAnUnreachableClusterSaysWhatItTriesAndGivesUpNamingTheAddress() {
        Run r = cli("coordinator", "--bootstrap-servers", "127.0.0.1:1", "--connect-timeout", "2s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("connecting to Kafka at 127.0.0.1:1 (giving up after 2 s)")
                .contains("attempt 1: no answer from 127.0.0.1:1")
                .contains("no Kafka broker answered at 127.0.0.1:1 within 2 s");
    }

    @Test
    @Timeout(10)
    void badRetentionAndSnapshotValuesAreUsageErrorsBeforeAnythingStarts() {
        Run retention = cli("coordinator", "--bootstrap-servers", "127.0.0.1:1", "--retention", "5s");
        assertThat(retention.code()).isEqualTo(2);
        assertThat(retention.err()).contains("retention must be at least one minute, not 5000 ms")
                .doesNotContain("connecting to Kafka");
        Run decisions = cli("coordinator", "--bootstrap-servers", "127.0.0.1:1", "--snapshot-every-decisions", "0");
        assertThat(decisions.code()).isEqualTo(2);
        assertThat(decisions.err()).contains("a snapshot policy needs at least 1 decision");
        Run every = cli("coordinator", "--snapshot-every", "3x");
        assertThat(every.code()).isEqualTo(2);
        assertThat(every.err()).contains("'3x' is not a duration: use e.g. 500ms, 5s, 2m, 3h or 7d");
    }

    @Test
    @Timeout(20)
    void anAgentWithAnUnreachableClusterNamesTheAddress() {
        Run r = cli("agent", "--agent-id", "lonely", "--bootstrap-servers", "127.0.0.1:1", "--connect-timeout", "2s",
                "--http-port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no Kafka broker answered at 127.0.0.1:1 within 2 s");
    }

    @Test
    @Timeout(120)
    void aCoordinatorStoppedBySigtermSaysNothingAboutAFailure() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), DaxsealCli.class.getName(), "coordinator",
                "--bootstrap-servers", SharedBroker.bootstrapServers(), "--topic-prefix", "sigterm-" + System.nanoTime() + ".",
                "--http-port", "0", "--inode-partitions", "1", "--agent-partitions", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains(" is running")) {
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor(); // as a user would
                }
            }
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output.toString()).contains(" is running").doesNotContain("stopped:").doesNotContain("null");
    }
}
