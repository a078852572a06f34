package io.daxseal.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.AgentNotLiveException;
import io.daxseal.agent.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.Recall;
import io.daxseal.agent.RevokeReason;
import io.daxseal.agent.SealDeniedException;
import io.daxseal.agent.SealRequest;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealKind;
import io.daxseal.http.QueryString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent daemon's HTTP API.
 *
 * <pre>
 * POST   /seals {"inode","offset","length","pid","kind":"pin"|"map"}  200 the seal | 409 denied | 504 no answer
 * GET    /seals                                                      the held seals
 * DELETE /seals/{seal}?inode=KEY[&amp;reason=recall]                     release
 * GET    /events?after=N&amp;waitMs=M                                    recalls and revocations after event N (long poll)
 * GET    /health                                                     the agent's status and incarnation
 * </pre>
 */
public final class AgentDaemon implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the daemon does with a recall besides putting it in the feed. */
    public enum OnRecall {
        /** Only tell: the file server reads {@code /events} and releases with {@code DELETE ...&reason=recall}. */
        NOTIFY,
        /** Release at once: for holders that can always drop their registrations at once. */
        RELEASE,
        /** Never release: the coordinator's deadline decides (a stubborn holder, for chaos tests). */
        IGNORE
    }

    private final NodeAgent agent;
    private final HttpServer server;
    private final OnRecall onRecall;
    private final List<Map<String, Object>> events = new ArrayList<>();

    private AgentDaemon(AgentConfig config, InetSocketAddress address, OnRecall onRecall) throws IOException {
        this.onRecall = onRecall;
        this.agent = NodeAgent.start(config, this::onRecall, this::onRevoke);
        this.server = HttpServer.create(address, 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static AgentDaemon start(AgentConfig config, InetSocketAddress address) throws IOException {
        return new AgentDaemon(config, address, OnRecall.NOTIFY);
    }

    public static AgentDaemon start(AgentConfig config, InetSocketAddress address, OnRecall onRecall) throws IOException {
        return new AgentDaemon(config, address, onRecall);
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public NodeAgent agent() {
        return agent;
    }

    @Override
    public void close() {
        server.stop(0);
        agent.close();
    }

    // -------------------------------------------------------------------------------- feed

    private CompletableFuture<Void> onRecall(Recall recall) {
        Map<String, Object> e = sealEvent("recalled", recall.seal());
        e.put("op", recall.op());
        e.put("deadline", recall.deadline());
        publish(e);
        return switch (onRecall) {
            case RELEASE -> CompletableFuture.completedFuture(null);
            case NOTIFY, IGNORE -> new CompletableFuture<>(); // NOTIFY: the holder releases with DELETE ...&reason=recall
        };
    }

    private void onRevoke(HeldSeal seal, RevokeReason reason) {
        Map<String, Object> e = sealEvent("revoked", seal);
        e.put("reason", reason.name().toLowerCase().replace('_', '-'));
        publish(e);
    }

    private static Map<String, Object> sealEvent(String type, HeldSeal seal) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("seal", seal.seal());
        e.put("inode", seal.inode().key());
        e.put("pid", seal.process().pid());
        return e;
    }

    private void publish(Map<String, Object> event) {
        synchronized (events) {
            event.put("n", events.size() + 1);
            events.add(event);
            events.notifyAll();
        }
    }

    private List<Map<String, Object>> eventsAfter(int after, long waitMs) throws InterruptedException {
        long until = System.currentTimeMillis() + waitMs;
        synchronized (events) {
            while (events.size() <= after) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return List.of();
                }
                events.wait(left);
            }
            return List.copyOf(events.subList(Math.max(0, after), events.size()));
        }
    }

    // ------------------------------------------------------------------------------- routes

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Map<String, String> q = query(ex);
            try {
                if (path.equals("/seals") && method.equals("POST")) {
                    acquire(ex);
                } else if (path.equals("/seals") && method.equals("GET")) {
                    send(ex, 200, Map.of("seals", agent.heldSeals().stream().map(AgentDaemon::view).toList()));
                } else if (path.startsWith("/seals/") && method.equals("DELETE")) {
                    release(ex, URLDecoder.decode(path.substring("/seals/".length()), StandardCharsets.UTF_8), q);
                } else if (path.equals("/events") && method.equals("GET")) {
                    int after = (int) number(q, "after", 0);
                    long waitMs = Math.min(number(q, "waitMs", 0), 60_000);
                    List<Map<String, Object>> list = eventsAfter(after, waitMs);
                    send(ex, 200, Map.of("events", list, "next", after + list.size()));
                } else if (path.equals("/health") && method.equals("GET")) {
                    send(ex, 200, Map.of("agent", agent.agentId(), "incarnation", agent.incarnation(),
                            "status", agent.status().name().toLowerCase(), "seals", agent.heldSeals().size()));
                } else {
                    throw new Refused(404, "not-found", "no such endpoint: " + method + " " + path
                            + " (POST/GET /seals, DELETE /seals/{seal}?inode=KEY, GET /events, GET /health)");
                }
            } catch (Refused r) {
                send(ex, r.status, Map.of("error", r.error, "message", r.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acquire(HttpExchange ex) throws IOException, InterruptedException {
        JsonNode b;
        try {
            b = JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            throw new Refused(400, "bad-request", "the body is not valid JSON: " + e.getMessage());
        }
        if (b == null || !b.isObject()) {
            throw new Refused(400, "bad-request", "the body must be a JSON object");
        }
        SealRequest request;
        try {
            Inode inode = Inode.parseKey(text(b, "inode"));
            Range range = new Range(longField(b, "offset"), longField(b, "length"));
            SealKind kind = SealKind.PIN;
            if (b.hasNonNull("kind")) {
                kind = io.daxseal.events.WireEnum.fromWire(SealKind.class, text(b, "kind"));
                if (kind == null) {
                    throw new Refused(400, "bad-request", "'kind' is '" + text(b, "kind") + "'; one of: "
                            + io.daxseal.events.WireEnum.choices(SealKind.class));
                }
            }
            int pid = (int) longField(b, "pid");
            ProcessRef process = ProcessRefs.of(pid)
                    .orElseThrow(() -> new Refused(400, "bad-request", "no process with pid " + pid + " runs on this host"));
            request = new SealRequest(inode, range, kind, process);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "bad-request", e.getMessage());
        }
        try {
            HeldSeal seal = agent.acquire(request).get(agent.config().grantTimeout().toMillis()
                    * agent.config().rangeBusyAttempts() + 5000, TimeUnit.MILLISECONDS);
            send(ex, 200, view(seal));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SealDeniedException d) {
                send(ex, 409, Map.of("error", "denied", "reason", d.reason().wire(), "message", d.getMessage()));
            } else if (c instanceof AgentNotLiveException) {
                throw new Refused(503, "agent-not-live", c.getMessage());
            } else if (c instanceof TimeoutException) {
                throw new Refused(504, "no-answer", "the coordinator did not answer within the grant timeout; is it running?");
            } else {
                throw new Refused(503, "unavailable", String.valueOf(c));
            }
        } catch (TimeoutException e) {
            throw new Refused(504, "no-answer", "no decision in time");
        }
    }

    private void release(HttpExchange ex, String seal, Map<String, String> q) throws IOException {
        String inode = q.get("inode");
        if (inode == null) {
            throw new Refused(400, "bad-request", "name the inode: DELETE /seals/" + seal + "?inode=FS:INO:GEN");
        }
        HeldSeal held = agent.heldSeals().stream().filter(s -> s.seal().equals(seal) && s.inode().key().equals(inode))
                .findFirst().orElseThrow(() -> new Refused(404, "not-held", "seal " + seal + " on " + inode
                        + " is not held by this agent (released, broken or never granted)"));
        ReleaseReason reason = "recall".equals(q.get("reason")) ? ReleaseReason.RECALL
                : held.kind() == SealKind.PIN ? ReleaseReason.UNPIN : ReleaseReason.UNMAP;
        try {
            agent.release(held, reason).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new Refused(503, "unavailable", "the release was not acknowledged by the broker: " + e);
        }
        send(ex, 200, Map.of("released", seal, "inode", inode, "reason", reason.wire()));
    }

    private static Map<String, Object> view(HeldSeal s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seal", s.seal());
        m.put("inode", s.inode().key());
        m.put("offset", s.range().offset());
        m.put("length", s.range().length());
        m.put("kind", s.kind().wire());
        m.put("pid", s.process().pid());
        m.put("token", s.token());
        m.put("incarnation", s.incarnation());
        return m;
    }

    // ------------------------------------------------------------------------------ helpers

    private static final class Refused extends RuntimeException {
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || !v.isTextual()) {
            throw new Refused(400, "bad-request", "'" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static long longField(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new Refused(400, "bad-request", "'" + field + "' is missing or not an integer");
        }
        return v.asLong();
    }

    private static long number(Map<String, String> q, String name, long dflt) {
        String v = q.get(name);
        try {
            return v == null ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Refused(400, "bad-request", "'" + name + "' must be a number");
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        return QueryString.parse(ex.getRequestURI().getRawQuery());
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
