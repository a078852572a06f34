package io.daxseal.live;

import io.daxseal.coordinator.live.LiveCluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.http.ApiClient;
import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.cli.DaxsealCli;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The coordinator's HTTP API and the CLI on top of it, against a real coordinator node. */
class ApiLiveTest {

    static final Inode INODE = new Inode("fsapi", 5, 1);
    static final Inode QUEUE = new Inode("fsapi", 7, 1);
    static LiveCluster cluster;
    static CoordinatorServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LiveCluster();
        server = CoordinatorServer.start(cluster.bootstrap, new InetSocketAddress("127.0.0.1", 0),
                c -> cluster.config());
        api = new ApiClient(server.apiUrl());
        NodeAgent agent = cluster.agent("api-host");
        agent.pin(INODE, new Range(0, 100), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        server.close();
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaxsealCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void opExitsZeroWhenGrantedAndThreeWithTheReasonWhenRejected() {
        Run granted = cli("op", "punch-hole", "--inode", INODE.key(), "--offset", "100", "--length", "10",
                "--policy", "fail-fast", "--break-timeout", "1s", "--coordinator", server.apiUrl());
        assertThat(granted.code()).as(granted.err()).isZero();
        assertThat(granted.out()).startsWith("granted: ");
        String op = granted.out().substring("granted: ".length()).split(" ")[0];
        Run finished = cli("op", "finish", op, "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(finished.code()).as(finished.err()).isZero();

        Run rejected = cli("op", "truncate", "--inode", INODE.key(), "--offset", "50", "--policy", "fail-fast",
                "--break-timeout", "1s", "--coordinator", server.apiUrl());
        assertThat(rejected.code()).isEqualTo(3);
        assertThat(rejected.out()).contains("rejected").contains("sealed");
    }

    @Test
    void opStatusAndOpFinishTellAnUnfinishedOperationFromOneThatIsUnknownOrEnded() {
        Run granted = cli("op", "zero-range", "--inode", INODE.key(), "--offset", "200", "--length", "10",
                "--policy", "fail-fast", "--break-timeout", "1s", "--coordinator", server.apiUrl());
        assertThat(granted.code()).as(granted.err()).isZero();
        String op = granted.out().substring("granted: ".length()).split(" ")[0];

        Run status = cli("op", "status", op, "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains(op + " on " + INODE.key() + ": granted");

        assertThat(cli("op", "finish", op, "--inode", INODE.key(), "--coordinator", server.apiUrl()).code()).isZero();
        // v2: an ended operation is forgotten (rule 13), so it reads as unknown.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                cli("op", "status", op, "--inode", INODE.key(), "--coordinator", server.apiUrl()).code() == 7);
        Run again = cli("op", "finish", op, "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(again.code()).isEqualTo(7);
        assertThat(again.err()).contains("has ended");

        Run unknownStatus = cli("op", "status", "no-such-op", "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(unknownStatus.code()).isEqualTo(7);
        assertThat(unknownStatus.err()).contains("unknown");
        Run unknownFinish = cli("op", "finish", "no-such-op", "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(unknownFinish.code()).isEqualTo(7);
        assertThat(unknownFinish.out()).doesNotContain("finished");
    }

    @Test
    void theApiNamesTheFieldTheUserSentAndIsAsStrictAsTheCodec() throws Exception {
        ApiClient.Response breakTimeout = api.post("/ops", Map.of("inode", INODE.key(), "offset", 0, "kind", "truncate",
                "policy", "recall", "breakTimeoutMs", 99_999_999_999_999L), Duration.ofSeconds(5));
        assertThat(breakTimeout.status()).isEqualTo(400);
        assertThat(breakTimeout.body().path("field").asText()).isEqualTo("breakTimeoutMs");

        java.net.http.HttpResponse<String> duplicate = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.apiUrl() + "/ops"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"inode\":\"" + INODE.key()
                                + "\",\"offset\":0,\"offset\":5,\"kind\":\"truncate\",\"policy\":\"recall\"}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("Duplicate field 'offset'");
    }

    @Test
    void anAddressThatIsNotTheRightDaxsealApiIsNamedAsSuch() throws Exception {
        Run agentAtCoordinator = cli("pin", "--agent", server.apiUrl(), "--inode", INODE.key(), "--offset", "0",
                "--length", "1", "--pid", Long.toString(ProcessHandle.current().pid()));
        assertThat(agentAtCoordinator.code()).isEqualTo(2);
        assertThat(agentAtCoordinator.err()).contains("is daxseal's coordinator API, not its agent API");

        com.sun.net.httpserver.HttpServer foreign = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        foreign.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        foreign.start();
        try {
            String url = "http://127.0.0.1:" + foreign.getAddress().getPort();
            Run seals = cli("seals", "--coordinator", url);
            assertThat(seals.code()).isEqualTo(2);
            assertThat(seals.err()).contains(url + " is not a daxseal coordinator").contains("HTTP 404");
        } finally {
            foreign.stop(0);
        }
    }

    @Test
    void aQueuedOperationSaysWhichOperationItWaitsFor() {
        // An inode of its own: the operations here overlap each other on purpose.
        Run first = cli("op", "punch-hole", "--op", "first-op", "--inode", QUEUE.key(), "--offset", "5000", "--length",
                "100", "--policy", "fail-fast", "--coordinator", server.apiUrl());
        assertThat(first.code()).as(first.err()).isZero();
        Run second = cli("op", "zero-range", "--op", "second-op", "--inode", QUEUE.key(), "--offset", "5050", "--length",
                "100", "--policy", "fail-fast", "--wait", "2s", "--coordinator", server.apiUrl());
        assertThat(second.code()).isEqualTo(4);
        assertThat(second.out()).contains("is queued, queued behind operation(s) first-op over an overlapping range")
                .doesNotContain("[]");
        Run status = cli("op", "status", "second-op", "--inode", QUEUE.key(), "--coordinator", server.apiUrl());
        assertThat(status.out()).contains("queued behind operation(s) first-op");
        cli("op", "finish", "first-op", "--inode", QUEUE.key(), "--coordinator", server.apiUrl());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cli("op", "status", "second-op",
                "--inode", QUEUE.key(), "--coordinator", server.apiUrl()).out().contains(": granted"));
        cli("op", "finish", "second-op", "--inode", QUEUE.key(), "--coordinator", server.apiUrl());
    }

    @Test
    void everyMetricHasAHelpLineThatFitsAllItsSeries() throws Exception {
        ApiClient.Response r = api.get("/metrics", Duration.ofSeconds(5));
        String text = r.body().asText();
        java.util.List<String> help = text.lines().filter(l -> l.startsWith("# HELP daxseal")).toList();
        assertThat(help).isNotEmpty();
        assertThat(help).allSatisfy(l -> {
            String[] parts = l.split(" ", 4);
            assertThat(parts.length == 4 && !parts[3].isBlank()).as("a HELP text: " + l).isTrue();
        });
        java.util.Set<String> described = new java.util.HashSet<>();
        help.forEach(l -> described.add(l.split(" ")[2]));
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE daxseal")).map(l -> l.split(" ")[2]))
                .as("every daxseal metric has a HELP line").allSatisfy(name -> assertThat(described).contains(name));
        assertThat(help).filteredOn(l -> l.startsWith("# HELP daxseal_events_read_total "))
                .singleElement().asString().contains("by kind: input");
    }

    @Test
    void aCoordinatorThatCannotBeReachedIsExitTwoWithAHint() {
        Run r = cli("op", "truncate", "--inode", INODE.key(), "--offset", "0", "--policy", "recall",
                "--coordinator", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot connect to http://127.0.0.1:1");
    }

    @Test
    void badRequestsGetA4xxThatNamesTheProblem() throws Exception {
        ApiClient.Response unknownKind = api.post("/ops", Map.of("inode", INODE.key(), "offset", 0, "kind", "shred",
                "policy", "recall"), Duration.ofSeconds(10));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.body().path("field").asText()).isEqualTo("kind");
        assertThat(unknownKind.body().path("message").asText()).contains("truncate");

        ApiClient.Response badInode = api.post("/ops", Map.of("inode", "nope", "offset", 0, "kind", "truncate",
                "policy", "recall"), Duration.ofSeconds(10));
        assertThat(badInode.status()).isEqualTo(400);
        assertThat(badInode.body().path("field").asText()).isEqualTo("inode");

        ApiClient.Response negative = api.post("/ops", Map.of("inode", INODE.key(), "offset", -1, "kind", "truncate",
                "policy", "recall"), Duration.ofSeconds(10));
        assertThat(negative.status()).isEqualTo(400);

        assertThat(api.get("/nope", Duration.ofSeconds(5)).status()).isEqualTo(404);
        assertThat(api.post("/seals", Map.of(), Duration.ofSeconds(5)).status()).isEqualTo(405);
        assertThat(cli("op", "truncate", "--inode", INODE.key(), "--offset", "x", "--policy", "recall").code()).isEqualTo(2);
    }

    @Test
    void sealsAgentsHealthAndMetricsShowTheLiveState() throws Exception {
        Run seals = cli("seals", "--inode", INODE.key(), "--coordinator", server.apiUrl());
        assertThat(seals.code()).isZero();
        assertThat(seals.out()).contains(INODE.key()).contains("pin").contains("api-host");

        Run agents = cli("agents", "--coordinator", server.apiUrl());
        assertThat(agents.out()).contains("api-host").contains("live").contains("LEFT(ms)");
        Run json = cli("agents", "--json", "--coordinator", server.apiUrl());
        com.fasterxml.jackson.databind.JsonNode hosts = io.daxseal.http.Json.MAPPER.readTree(json.out()).path("agents");
        com.fasterxml.jackson.databind.JsonNode host = null;
        for (com.fasterxml.jackson.databind.JsonNode a : hosts) {
            if (a.path("agent").asText().equals("api-host")) {
                host = a;
            }
        }
        assertThat(host).isNotNull();
        assertThat(host.path("leaseLeftMs").asLong(-1)).as("time left on a live lease").isBetween(0L,
                host.path("ttlMs").asLong());
        assertThat(host.path("leaseEndsAt").asLong()).isEqualTo(host.path("lastHeartbeatAt").asLong()
                + host.path("ttlMs").asLong());

        assertThat(api.get("/health", Duration.ofSeconds(5)).body().path("status").asText()).isEqualTo("up");
        String metrics = api.get("/metrics", Duration.ofSeconds(5)).body().asText();
        assertThat(metrics).contains("daxseal_decisions_total{type=\"seal.granted\"}").contains("daxseal_consumer_lag");
    }

    @Test
    void anOperationNotDecidedWithinTheWaitAnswersWithItsCurrentState() throws Exception {
        Inode held = new Inode("fsapi", 6, 1);
        NodeAgent stuck = cluster.agent(cluster.agentConfig("api-stuck").build(),
                recall -> new java.util.concurrent.CompletableFuture<>(), io.daxseal.agent.RevokeHandler.IGNORE);
        stuck.pin(held, new Range(0, 10), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
        ApiClient.Response r = api.post("/ops", Map.of("op", "slow", "inode", held.key(), "offset", 0, "length", 10,
                "kind", "zero-range", "policy", "recall", "breakTimeoutMs", 60_000, "waitMs", 500), Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().path("state").asText()).isEqualTo("recalling");
        assertThat(r.body().path("recalled").toString()).contains("api-stuck");
        assertThat(r.body().path("deadline").asLong()).isPositive();
    }
}
