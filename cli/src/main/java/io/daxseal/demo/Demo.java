package io.daxseal.demo;

import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.core.AgentStatus;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.http.ApiClient;
import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.LogAudit;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.Decision;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The demo scenario. Each act states what should happen, makes it happen through the real
 * product (agents publishing to Kafka, operations requested over the coordinator's HTTP API), and
 * checks the outcome; a failed check is reported and makes the demo exit non-zero.
 */
public final class Demo {

    private static final Inode VOLUME_A = new Inode("pmem0", 1001, 1);
    private static final Inode VOLUME_B = new Inode("pmem0", 1002, 1);
    private static final Inode VOLUME_C = new Inode("pmem0", 1003, 1);
    private static final long MIB = 1 << 20;

    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final List<Decision> decisions = new CopyOnWriteArrayList<>();
    private int failures;

    public Demo(PrintWriter out) {
        this.out = out;
    }

    /** Plays the whole story; returns the number of failed checks. */
    public int run(Path dataDir) throws Exception {
        say("starting an embedded Kafka broker (KRaft) and the coordinator ...");
        try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir);
             CoordinatorServer server = CoordinatorServer.start(broker.bootstrapServers(),
                     new InetSocketAddress("127.0.0.1", 0), c -> c.withPartitions(4, 2))) {
            CoordinatorRuntime runtime = server.runtime();
            runtime.addListener(decisions::addAll);
            say("broker at " + server.bootstrapServers() + ", coordinator API at " + server.apiUrl());
            ApiClient api = new ApiClient(server.apiUrl());
            String bootstrap = server.bootstrapServers();

            AtomicInteger recallsAnswered = new AtomicInteger();
            NodeAgent alpha = NodeAgent.start(agent("host-alpha", bootstrap), recall -> {
                say("  host-alpha: recall of " + recall.seal().name() + " for " + recall.op()
                        + ": tearing down the RDMA registration, releasing");
                recallsAnswered.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }, RevokeHandler.IGNORE);
            NodeAgent bravo = NodeAgent.start(agent("host-bravo", bootstrap), recall -> {
                say("  host-bravo: recall of " + recall.seal().name() + " received ... and ignored (a stuck NIC driver)");
                return new CompletableFuture<>();
            }, (seal, reason) -> say("  host-bravo: seal " + seal.name() + " revoked (" + reason + "): dropping its registration"));
            NodeAgent charlie = NodeAgent.start(agent("host-charlie", bootstrap), RecallHandler.RELEASE_AT_ONCE,
                    RevokeHandler.IGNORE);
            say("three agents registered: host-alpha#" + alpha.incarnation() + ", host-bravo#" + bravo.incarnation()
                    + ", host-charlie#" + charlie.incarnation() + " (ttl 2 s, heartbeat every 500 ms)");

            act("1. pins granted");
            HeldSeal a1 = timed("host-alpha pins " + VOLUME_A.key() + " [0, 1 MiB)",
                    () -> alpha.pin(VOLUME_A, new Range(0, MIB), ProcessRefs.self()).get(10, TimeUnit.SECONDS));
            HeldSeal b1 = timed("host-bravo pins " + VOLUME_B.key() + " [0, 1 MiB)",
                    () -> bravo.pin(VOLUME_B, new Range(0, MIB), ProcessRefs.self()).get(10, TimeUnit.SECONDS));
            HeldSeal c1 = timed("host-charlie maps " + VOLUME_C.key() + " [0, 64 KiB)",
                    () -> charlie.map(VOLUME_C, new Range(0, 64 * 1024), ProcessRefs.self()).get(10, TimeUnit.SECONDS));
            say("  tokens " + a1.token() + ", " + b1.token() + ", " + c1.token()
                    + " (drawn from one counter per inode-log partition)");
            check("every grant carries a fencing token", a1.token() >= 1 && b1.token() >= 1 && c1.token() >= 1);

            act("2. a truncate recalls host-alpha's pin; host-alpha releases; the truncate is granted");
            Map<String, Object> truncate = Map.of("op", "truncate-1", "inode", VOLUME_A.key(), "offset", 0,
                    "kind", "truncate", "policy", "recall", "breakTimeoutMs", 5000);
            ApiClient.Response r = timed("POST /ops truncate " + VOLUME_A.key() + " policy=recall break-timeout=5s",
                    () -> api.post("/ops", truncate, Duration.ofSeconds(20)));
            say("  coordinator: " + r.body());
            check("the truncate is granted after the cooperative release",
                    r.body().path("state").asText().equals("granted") && recallsAnswered.get() == 1);
            check("host-alpha no longer holds the seal", alpha.heldSeals().isEmpty());
            api.post("/ops/truncate-1/finish", Map.of("inode", VOLUME_A.key()), Duration.ofSeconds(10));

            act("3. recall-then-break against host-bravo, which does not answer: break at the timeout, fence, grant");
            long bravoBefore = bravo.incarnation();
            Map<String, Object> punch = Map.of("op", "punch-1", "inode", VOLUME_B.key(), "offset", 4096, "length", 8192,
                    "kind", "punch-hole", "policy", "recall-then-break", "breakTimeoutMs", 1000);
            r = timed("POST /ops punch-hole " + VOLUME_B.key() + " policy=recall-then-break break-timeout=1s",
                    () -> api.post("/ops", punch, Duration.ofSeconds(20)));
            say("  coordinator: " + r.body());
            check("the punch-hole is granted after the break", r.body().path("state").asText().equals("granted"));
            check("host-bravo's seal was broken (recall-timeout) and host-bravo fenced",
                    has(SealBroken.class, b -> b.agent().equals("host-bravo")) && has(AgentFenced.class,
                            f -> f.agent().equals("host-bravo")));
            waitUntil(() -> bravo.status() == AgentStatus.LIVE && bravo.incarnation() > bravoBefore, 10_000);
            say("host-bravo learned it was fenced, revoked everything and registered again as host-bravo#"
                    + bravo.incarnation());
            check("host-bravo came back with a higher incarnation", bravo.incarnation() > bravoBefore);
            api.post("/ops/punch-1/finish", Map.of("inode", VOLUME_B.key()), Duration.ofSeconds(10));

            act("4. host-charlie stops heartbeating (crash): its lease expires and its map is broken");
            long crashedAt = System.currentTimeMillis();
            charlie.halt();
            say("host-charlie halted (no agent.left, no more heartbeats)");
            waitUntil(() -> has(AgentExpired.class, e -> e.agent().equals("host-charlie")), 10_000);
            long detection = System.currentTimeMillis() - crashedAt;
            say("coordinator: agent.expired host-charlie, seal.broken{lease-expired} " + c1.name() + " after "
                    + detection + " ms (ttl 2000 ms + heartbeat 500 ms + 200 ms = 2700 ms bound)");
            check("host-charlie expired within ttl + one heartbeat + 200 ms", detection <= 2700);

            act("5. a pin while an operation holds the range is denied range-busy, retried, then granted");
            Map<String, Object> zero = Map.of("op", "zero-1", "inode", VOLUME_A.key(), "offset", 0, "length", MIB,
                    "kind", "zero-range", "policy", "fail-fast", "breakTimeoutMs", 0);
            r = api.post("/ops", zero, Duration.ofSeconds(20));
            say("POST /ops zero-range " + VOLUME_A.key() + ": " + r.body().path("state").asText());
            int deniedBefore = count(SealDenied.class);
            CompletableFuture<HeldSeal> pin = alpha.pin(VOLUME_A, new Range(0, 4096), ProcessRefs.self());
            waitUntil(() -> count(SealDenied.class) > deniedBefore, 10_000);
            say("host-alpha's pin: seal.denied{range-busy}; the agent retries with backoff (Resilience4j)");
            Thread.sleep(600);
            api.post("/ops/zero-1/finish", Map.of("inode", VOLUME_A.key()), Duration.ofSeconds(10));
            say("the zero-range finished");
            HeldSeal a2 = pin.get(15, TimeUnit.SECONDS);
            say("host-alpha's pin granted after " + (count(SealDenied.class) - deniedBefore) + " range-busy denial(s): "
                    + a2.name() + " token " + a2.token());
            check("the retried pin's token is above the first pin's on that inode (S7)", a2.token() > a1.token());

            act("6. replaying the Kafka log (S4)");
            CoordinatorRuntime.Position live = runtime.position().get(10, TimeUnit.SECONDS);
            LogAudit.Report audit = LogAudit.run(bootstrap, runtime.config().topics(), live.journalEntries());
            say("replayed " + audit.entries() + " journal entries: " + audit.inputs() + " inputs, " + audit.decisions()
                    + " decisions; " + audit.badRecords() + " bad records");
            say("  live state    " + live.digest());
            say("  replayed      " + audit.replayedDigest());
            say("  re-decided    " + audit.redecidedDigest());
            check("replay and re-decision reproduce the live state and every decision (S4)",
                    audit.consistent() && audit.replayedDigest().equals(live.digest()));

            alpha.close();
            bravo.close();
        }
        out.println();
        out.printf("demo %s in %.1f s%n", failures == 0 ? "passed" : "FAILED (" + failures + " check(s))",
                (System.nanoTime() - started) / 1e9);
        out.flush();
        return failures;
    }

    private static AgentConfig agent(String id, String bootstrap) {
        return AgentConfig.builder(id, bootstrap).ttlMs(2000).heartbeatInterval(Duration.ofMillis(500))
                .rangeBusyBackoff(Duration.ofMillis(100), Duration.ofMillis(400)).rangeBusyAttempts(30).build();
    }

    // ---------------------------------------------------------------------------- narrative

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T timed(String what, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        T result = step.run();
        say(what + " -> " + describe(result) + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
        return result;
    }

    private static String describe(Object o) {
        if (o instanceof HeldSeal s) {
            return "granted " + s.name() + " token " + s.token();
        }
        if (o instanceof ApiClient.Response r) {
            return r.body().path("state").asText();
        }
        return String.valueOf(o);
    }

    private void act(String title) {
        out.println();
        say(title);
    }

    private void say(String line) {
        synchronized (out) {
            out.printf("[%6.2f s] %s%n", (System.nanoTime() - started) / 1e9, line);
            out.flush();
        }
    }

    private void check(String what, boolean ok) {
        say((ok ? "  ok: " : "  FAILED: ") + what);
        if (!ok) {
            failures++;
        }
    }

    private <D extends Decision> boolean has(Class<D> type, Predicate<D> match) {
        return decisions.stream().anyMatch(d -> type.isInstance(d) && match.test(type.cast(d)));
    }

    private int count(Class<? extends Decision> type) {
        return (int) decisions.stream().filter(type::isInstance).count();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
    }
}
