package io.daxseal.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.agent.daemon.AgentDaemon;
import io.daxseal.cli.DaxsealCli;
import io.daxseal.coordinator.live.LiveCluster;
import io.daxseal.http.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code daxseal pin} holds in the foreground, and exits, saying why, whenever its seal is gone. */
class HoldLiveTest {

    private static LiveCluster cluster;
    private static AgentDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LiveCluster().startCoordinator();
        daemon = AgentDaemon.start(cluster.agentConfig("holder").ttlMs(3000).build(),
                new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        cluster.close();
    }

    private record Held(CompletableFuture<Integer> exit, StringWriter out) {
    }

    /** Runs {@code pin} on its own thread and waits until it holds its seal. */
    private static Held pin(String inode, long pid) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> DaxsealCli.execute(new PrintWriter(out, true),
                new PrintWriter(err, true), "pin", "--agent", daemon.url(), "--inode", inode, "--offset", "0",
                "--length", "4096", "--pid", Long.toString(pid)));
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("granted: seal") || exit.isDone());
        assertThat(out.toString()).as(err.toString()).contains("granted: seal");
        return new Held(exit, out);
    }

    @Test
    void aReleaseThroughTheApiEndsThePinWithStatusZero() throws Exception {
        Held held = pin("hold:1:1", ProcessHandle.current().pid());
        String seal = held.out().toString().replaceAll("(?s).*granted: seal (\\S+) .*", "$1");
        ApiClient.Response r = new ApiClient(daemon.url()).delete("/seals/" + seal + "?inode=hold:1:1",
                Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(200);
        assertThat(held.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(held.out().toString()).contains("released (unpin)");
    }

    @Test
    void theHolderExitingEndsThePinWithStatusSix() throws Exception {
        Process holder = new ProcessBuilder("sleep", "120").start();
        try {
            Held held = pin("hold:2:1", holder.pid());
            holder.destroy();
            assertThat(held.exit().get(30, TimeUnit.SECONDS)).isEqualTo(6);
            assertThat(held.out().toString()).contains("revoked: process-exited");
        } finally {
            holder.destroyForcibly();
        }
    }
}
