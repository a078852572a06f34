package io.daxseal.coordinator.api;

import io.daxseal.core.StateSnapshot;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.daxseal.events.Decision;
import io.daxseal.events.Inode;
import io.daxseal.events.InvalidFieldException;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpOutcome;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRef;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.http.HttpApiException;
import io.daxseal.http.JsonBody;
import io.daxseal.http.JsonHttpServer;
import io.daxseal.http.Request;
import io.daxseal.http.Response;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The coordinator's HTTP API, on the shared {@link JsonHttpServer}.
 *
 * <pre>
 * GET  /health                       200 {"status":"up",...} or 503 {"status":"down","reason"}
 * GET  /metrics                      Prometheus text format
 * GET  /seals[?inode=FS:INO:GEN]     live seals and unfinished operations, per inode
 * GET  /agents                       every incarnation with its status and lease
 * POST /ops                          request an extent operation; answers when granted or rejected,
 *                                    or after "waitMs" with its current state (202)
 * GET  /ops/{op}?inode=FS:INO:GEN   an unfinished operation's state: queued, recalling, granted
 *                                    (404 unknown-op: never requested, not read yet, or ended; a
 *                                    v2 coordinator forgets ended operations, PROTOCOL.md rule 13)
 * POST /ops/{op}/finish              {"inode","outcome"}: publish op.finished for an unfinished
 *                                    operation (404 unknown-op otherwise)
 * </pre>
 *
 * Bad requests get a 4xx and {@code {"error","field","message"}}.
 */
public final class CoordinatorApi implements AutoCloseable {

    private static final long MAX_WAIT_MS = 600_000;
    private static final long DEFAULT_BREAK_TIMEOUT_MS = 30_000;

    private final JsonHttpServer server;
    private final CoordinatorRuntime runtime;
    private final RequestPublisher publisher;
    private final PrometheusMeterRegistry prometheus;
    private final OpWaiters waiters = new OpWaiters();

    public CoordinatorApi(InetSocketAddress address, CoordinatorRuntime runtime, RequestPublisher publisher,
                          PrometheusMeterRegistry prometheus) throws IOException {
        this.runtime = runtime;
        this.publisher = publisher;
        this.prometheus = prometheus;
        runtime.addListener(waiters);
        this.server = JsonHttpServer.bind(address, "coordinator")
                .route("GET", "/health", r -> health())
                .route("GET", "/metrics", r -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        prometheus.scrape().getBytes(StandardCharsets.UTF_8)))
                .route("GET", "/seals", this::seals)
                .route("GET", "/agents", r -> Response.ok(Map.of("agents", query(CoordinatorApi::agentViews))))
                .route("POST", "/ops", this::requestOp)
                .route("GET", "/ops/{op}", this::opStatus)
                .route("POST", "/ops/{op}/finish", this::finishOp);
        FunctionCounter.builder("daxseal.api.bad.requests", server, JsonHttpServer::refusedRequests)
                .description("requests refused with a 4xx").register(prometheus);
        server.start();
    }

    /** The address the API listens on (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.address();
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        runtime.removeListener(waiters);
    }

    // -------------------------------------------------------------------------------- handlers

    private Response health() {
        if (!runtime.running()) {
            return Response.json(503, Map.of("status", "down", "reason", String.valueOf(runtime.failure())));
        }
        CoordinatorRuntime.Position p = await(runtime.position(), 5000);
        return Response.ok(Map.of("status", "up", "clock", p.clock(), "journalEntries", p.journalEntries()));
    }

    private Response seals(Request r) {
        String inode = r.query("inode");
        if (inode == null) {
            return Response.ok(Map.of("inodes", query(StateSnapshot::inodes)));
        }
        Inode parsed = parseInode("inode", inode);
        StateSnapshot s = await(runtime.query(m -> m.snapshot(parsed)), 5000);
        return Response.ok(Map.of("inodes", s.inodes()));
    }

    private Response requestOp(Request r) throws IOException, InterruptedException {
        JsonBody body = r.body();
        String op = body.optionalText("op");
        if (op == null) {
            op = "op-" + UUID.randomUUID().toString().substring(0, 8);
        }
        Inode inode = parseInode("inode", body.requiredText("inode"));
        long offset = body.requiredLong("offset");
        OpRequested request;
        try {
            Range range = body.has("length") ? new Range(offset, body.requiredLong("length")) : Range.toEndOfFile(offset);
            request = new OpRequested(System.currentTimeMillis(), op, inode, range, body.requiredEnum("kind", OpKind.class),
                    body.requiredEnum("policy", OpPolicy.class),
                    body.optionalLong("breakTimeoutMs", DEFAULT_BREAK_TIMEOUT_MS, Long.MIN_VALUE, Long.MAX_VALUE),
                    body.has("requester") ? body.requiredText("requester") : "http-api");
        } catch (InvalidFieldException e) {
            throw HttpApiException.badRequest(e.field(), e.getMessage());
        }
        // Validated above, so a bad breakTimeoutMs is named as itself, never as the waitMs it would imply.
        long waitMs = body.optionalLong("waitMs", Math.min(request.breakTimeoutMs() + 30_000, MAX_WAIT_MS), 0,
                MAX_WAIT_MS);
        OpRef ref = new OpRef(inode, op);
        CompletableFuture<Decision> outcome = waiters.waitFor(ref);
        try {
            await(publisher.request(request), 15_000);
            return Response.ok(decided(outcome.get(waitMs, TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            return Response.json(202, currentState(ref));
        } catch (ExecutionException e) {
            throw HttpApiException.unavailable("could not wait for the decision: " + e.getCause());
        } finally {
            waiters.forget(ref, outcome); // a no-op once decided: the decision removed it
        }
    }

    private Response opStatus(Request r) {
        String inode = r.query("inode");
        if (inode == null) {
            throw HttpApiException.badRequest("inode", "name the inode: GET /ops/" + r.path("op") + "?inode=FS:INO:GEN");
        }
        OpRef ref = new OpRef(parseInode("inode", inode), r.path("op"));
        return Response.ok(knownState(ref));
    }

    /** The state of an unfinished operation; 404 when there is none by that id. */
    private Map<String, Object> knownState(OpRef ref) {
        Map<String, Object> state = currentState(ref);
        if (state.get("state").equals("requested")) {
            throw new HttpApiException(404, "unknown-op", "op", "no unfinished operation " + ref + ": never requested, "
                    + "its request is not read yet, or it has ended (the coordinator forgets ended operations)");
        }
        return state;
    }

    private Response finishOp(Request r) throws IOException {
        JsonBody body = r.body();
        Inode inode = parseInode("inode", body.requiredText("inode"));
        knownState(new OpRef(inode, r.path("op"))); // 404 unless it is unfinished
        OpOutcome outcome = body.optionalEnum("outcome", OpOutcome.class, OpOutcome.DONE);
        OpFinished finished;
        try {
            finished = new OpFinished(System.currentTimeMillis(), r.path("op"), inode, outcome);
        } catch (InvalidFieldException e) {
            throw HttpApiException.badRequest(e.field(), e.getMessage());
        }
        await(publisher.finish(finished), 15_000);
        return Response.json(202, Map.of("op", finished.op(), "inode", inode.key(), "published", "op.finished"));
    }

    /**
     * Every incarnation with its lease: when it ends ({@code leaseEndsAt}) and, for a live one, how
     * much of it is left on the coordinator's clock ({@code leaseLeftMs}).
     */
    private static java.util.List<Map<String, Object>> agentViews(StateSnapshot s) {
        return s.incarnations().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent", i.agent());
            m.put("incarnation", i.incarnation());
            m.put("status", i.status());
            m.put("ttlMs", i.ttlMs());
            m.put("registeredAt", i.registeredAt());
            m.put("lastHeartbeatAt", i.lastHeartbeatAt());
            m.put("leaseEndsAt", i.lastHeartbeatAt() + i.ttlMs());
            if (i.status() == io.daxseal.core.IncarnationStatus.LIVE) {
                m.put("leaseLeftMs", Math.max(0, i.lastHeartbeatAt() + i.ttlMs() - s.clock()));
            }
            m.put("liveSeals", i.liveSeals());
            return m;
        }).toList();
    }

    private static Map<String, Object> decided(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (d) {
            case OpGranted g -> {
                m.put("op", g.op());
                m.put("inode", g.inode().key());
                m.put("state", "granted");
                m.put("at", g.at());
            }
            case OpRejected r -> {
                m.put("op", r.op());
                m.put("inode", r.inode().key());
                m.put("state", "rejected");
                m.put("reason", r.reason().wire());
                m.put("at", r.at());
            }
            default -> throw new IllegalStateException("not an operation outcome: " + d);
        }
        return m;
    }

    private Map<String, Object> currentState(OpRef ref) {
        StateSnapshot s = await(runtime.query(m -> m.snapshot(ref.inode())), 5000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", ref.op());
        m.put("inode", ref.inode().key());
        StateSnapshot.OpView view = s.inodes().stream().flatMap(i -> i.ops().stream())
                .filter(o -> o.op().equals(ref.op())).findFirst().orElse(null);
        if (view == null) {
            m.put("state", "requested"); // published, not yet read by the coordinator
        } else {
            m.put("state", view.state().name().toLowerCase());
            if (view.deadline() >= 0) {
                m.put("deadline", view.deadline());
            }
            m.put("recalled", view.recalled());
            if (!view.behind().isEmpty()) {
                m.put("behind", view.behind());
            }
        }
        return m;
    }

    // ----------------------------------------------------------------------------------- input

    private <T> T query(Function<StateSnapshot, T> f) {
        return await(runtime.query(m -> f.apply(m.snapshot())), 5000);
    }

    private static <T> T await(CompletableFuture<T> f, long ms) {
        try {
            return f.get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw HttpApiException.unavailable("the coordinator or the broker did not answer within " + ms
                    + " ms; retry, and check GET /health");
        } catch (ExecutionException e) {
            throw HttpApiException.unavailable(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpApiException.unavailable("interrupted");
        }
    }

    private static Inode parseInode(String field, String key) {
        try {
            return Inode.parseKey(key);
        } catch (IllegalArgumentException e) {
            throw HttpApiException.badRequest(field, e.getMessage());
        }
    }
}
