package io.daxseal.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.events.WireEnum;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP API.
 *
 * <pre>
 * GET  /health                       200 {"status":"up",...} or 503 {"status":"down","reason"}
 * GET  /metrics                      Prometheus text format
 * GET  /seals[?inode=FS:INO:GEN]     live seals and unfinished operations, per inode
 * GET  /agents                       every incarnation with its status and lease
 * POST /ops                          request an extent operation; answers when granted or rejected,
 *                                    or after "waitMs" with its current state (202)
 * POST /ops/{op}/finish              {"inode","outcome"}: publish op.finished
 * </pre>
 *
 * Bad requests get a 4xx and {@code {"error","field","message"}}.
 */
public final class CoordinatorApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorApi.class);
    private static final long MAX_WAIT_MS = 600_000;

    private final HttpServer server;
    private final CoordinatorRuntime runtime;
    private final RequestPublisher publisher;
    private final PrometheusMeterRegistry prometheus;
    private final OpWaiters waiters = new OpWaiters();
    private final Counter badRequests;

    public CoordinatorApi(InetSocketAddress address, CoordinatorRuntime runtime, RequestPublisher publisher,
                          PrometheusMeterRegistry prometheus) throws IOException {
        this.runtime = runtime;
        this.publisher = publisher;
        this.prometheus = prometheus;
        this.badRequests = Counter.builder("daxseal.api.bad.requests").register(prometheus);
        runtime.addListener(waiters);
        server = HttpServer.create(address, 64);
        // Requests that wait for a decision park a thread each: a pool of virtual threads costs little.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The address the API listens on (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String url() {
        return "http://" + address().getHostString() + ":" + address().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        runtime.removeListener(waiters);
    }

    // --------------------------------------------------------------------------------- routing

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                if (path.equals("/health")) {
                    only(method, "GET");
                    health(ex);
                } else if (path.equals("/metrics")) {
                    only(method, "GET");
                    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape().getBytes(StandardCharsets.UTF_8));
                } else if (path.equals("/seals")) {
                    only(method, "GET");
                    seals(ex);
                } else if (path.equals("/agents")) {
                    only(method, "GET");
                    sendJson(ex, 200, Map.of("agents", query(StateSnapshot::incarnations)));
                } else if (path.equals("/ops")) {
                    only(method, "POST");
                    requestOp(ex);
                } else if (path.startsWith("/ops/") && path.endsWith("/finish")) {
                    only(method, "POST");
                    finishOp(ex, path.substring("/ops/".length(), path.length() - "/finish".length()));
                } else {
                    throw new ApiException(404, "not-found", null, "no such endpoint: " + method + " " + path
                            + " (endpoints: GET /health, /metrics, /seals, /agents; POST /ops, /ops/{op}/finish)");
                }
            } catch (ApiException e) {
                if (e.status < 500) {
                    badRequests.increment();
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.error);
                if (e.field != null) {
                    body.put("field", e.field);
                }
                body.put("message", e.getMessage());
                sendJson(ex, e.status, body);
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed: {}", method, path, e.toString(), e);
                sendJson(ex, 500, Map.of("error", "internal", "message", String.valueOf(e.getMessage())));
            }
        }
    }

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method-not-allowed", null, "use " + allowed);
        }
    }

    // -------------------------------------------------------------------------------- handlers

    private void health(HttpExchange ex) throws IOException {
        if (!runtime.running()) {
            sendJson(ex, 503, Map.of("status", "down", "reason", String.valueOf(runtime.failure())));
            return;
        }
        CoordinatorRuntime.Position p = await(runtime.position(), 5000);
        sendJson(ex, 200, Map.of("status", "up", "clock", p.clock(), "journalEntries", p.journalEntries()));
    }

    private void seals(HttpExchange ex) throws IOException {
        String inode = queryParams(ex).get("inode");
        if (inode == null) {
            sendJson(ex, 200, Map.of("inodes", query(StateSnapshot::inodes)));
            return;
        }
        Inode parsed = parseInode("inode", inode);
        StateSnapshot s = await(runtime.query(m -> m.snapshot(parsed)), 5000);
        sendJson(ex, 200, Map.of("inodes", s.inodes()));
    }

    private void requestOp(HttpExchange ex) throws IOException {
        JsonNode body = readBody(ex);
        String op = optionalText(body, "op");
        if (op == null) {
            op = "op-" + UUID.randomUUID().toString().substring(0, 8);
        }
        Inode inode = parseInode("inode", requiredText(body, "inode"));
        long offset = requiredLong(body, "offset");
        Range range;
        try {
            range = body.hasNonNull("length") ? new Range(offset, requiredLong(body, "length")) : Range.toEndOfFile(offset);
        } catch (InvalidFieldException e) {
            throw ApiException.badRequest("range." + e.field(), e.getMessage());
        }
        OpKind kind = requiredEnum(body, "kind", OpKind.class);
        OpPolicy policy = requiredEnum(body, "policy", OpPolicy.class);
        long breakTimeoutMs = body.hasNonNull("breakTimeoutMs") ? requiredLong(body, "breakTimeoutMs") : 30_000;
        String requester = body.hasNonNull("requester") ? requiredText(body, "requester") : "http-api";
        long waitMs = body.hasNonNull("waitMs") ? requiredLong(body, "waitMs") : breakTimeoutMs + 30_000;
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw ApiException.badRequest("waitMs", "waitMs " + waitMs + " is outside 0.." + MAX_WAIT_MS);
        }
        OpRequested request;
        try {
            request = new OpRequested(System.currentTimeMillis(), op, inode, range, kind, policy, breakTimeoutMs, requester);
        } catch (InvalidFieldException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        CompletableFuture<Decision> outcome = waiters.waitFor(inode.key(), op);
        try {
            await(publisher.request(request), 15_000);
            Decision d = outcome.get(waitMs, TimeUnit.MILLISECONDS);
            sendJson(ex, 200, decided(d));
        } catch (TimeoutException e) {
            waiters.forget(inode.key(), op, outcome);
            sendJson(ex, 202, currentState(inode, op));
        } catch (ExecutionException | InterruptedException e) {
            waiters.forget(inode.key(), op, outcome);
            throw new ApiException(503, "unavailable", null, "could not wait for the decision: " + e);
        }
    }

    private void finishOp(HttpExchange ex, String op) throws IOException {
        JsonNode body = readBody(ex);
        Inode inode = parseInode("inode", requiredText(body, "inode"));
        OpOutcome outcome = body.hasNonNull("outcome") ? requiredEnum(body, "outcome", OpOutcome.class) : OpOutcome.DONE;
        OpFinished finished;
        try {
            finished = new OpFinished(System.currentTimeMillis(), URLDecoder.decode(op, StandardCharsets.UTF_8), inode, outcome);
        } catch (InvalidFieldException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        await(publisher.finish(finished), 15_000);
        sendJson(ex, 202, Map.of("op", finished.op(), "inode", inode.key(), "published", "op.finished"));
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

    private Map<String, Object> currentState(Inode inode, String op) {
        StateSnapshot s = await(runtime.query(m -> m.snapshot(inode)), 5000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("inode", inode.key());
        StateSnapshot.OpView view = s.inodes().stream().flatMap(i -> i.ops().stream())
                .filter(o -> o.op().equals(op)).findFirst().orElse(null);
        if (view == null) {
            m.put("state", "requested"); // published, not yet read by the coordinator
        } else {
            m.put("state", view.state().name().toLowerCase());
            if (view.deadline() >= 0) {
                m.put("deadline", view.deadline());
            }
            m.put("recalled", view.recalled());
        }
        return m;
    }

    // ----------------------------------------------------------------------------------- input

    private <T> T query(java.util.function.Function<StateSnapshot, T> f) {
        return await(runtime.query(m -> f.apply(m.snapshot())), 5000);
    }

    private static <T> T await(CompletableFuture<T> f, long ms) {
        try {
            return f.get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "unavailable", null, "the coordinator or the broker did not answer within "
                    + ms + " ms; retry, and check GET /health");
        } catch (ExecutionException e) {
            throw new ApiException(503, "unavailable", null, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", null, "interrupted");
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(64 * 1024 + 1);
        }
        if (bytes.length > 64 * 1024) {
            throw new ApiException(413, "too-large", null, "the request body is over 64 KiB");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest(null, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field, "'" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        return body.hasNonNull(field) ? requiredText(body, field) : null;
    }

    private static long requiredLong(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field, "'" + field + "' is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest(field, "'" + field + "' must be an integer (a 64-bit long)");
        }
        return v.asLong();
    }

    private static <E extends Enum<E> & WireEnum> E requiredEnum(JsonNode body, String field, Class<E> type) {
        String text = requiredText(body, field);
        E value = WireEnum.fromWire(type, text);
        if (value == null) {
            throw ApiException.badRequest(field, "'" + field + "' is '" + text + "'; one of: " + WireEnum.choices(type));
        }
        return value;
    }

    private static Inode parseInode(String field, String key) {
        try {
            return Inode.parseKey(key);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, e.getMessage());
        }
    }

    private static Map<String, String> queryParams(HttpExchange ex) {
        return io.daxseal.http.QueryString.parse(ex.getRequestURI().getRawQuery());
    }

    // ---------------------------------------------------------------------------------- output

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
