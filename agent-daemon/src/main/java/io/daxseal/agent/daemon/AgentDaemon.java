package io.daxseal.agent.daemon;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.AgentNotLiveException;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.core.Recall;
import io.daxseal.agent.core.RevokeReason;
import io.daxseal.agent.SealDeniedException;
import io.daxseal.agent.core.SealRequest;
import io.daxseal.events.Inode;
import io.daxseal.events.InvalidFieldException;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealKind;
import io.daxseal.http.HttpApiException;
import io.daxseal.http.JsonBody;
import io.daxseal.http.JsonHttpServer;
import io.daxseal.http.Request;
import io.daxseal.http.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent daemon: a {@link NodeAgent} with a local HTTP API (on the shared {@link JsonHttpServer})
 * for file servers that do not embed the library.
 *
 * <pre>
 * POST   /seals {"inode","offset","length","pid","kind":"pin"|"map"}  200 the seal | 409 denied | 504 no answer
 * GET    /seals                                                      the held seals
 * DELETE /seals/{seal}?inode=KEY[&amp;reason=recall]                     release
 * GET    /events?after=N&amp;waitMs=M                                    recalls, releases and revocations after event N (long poll)
 * GET    /health                                                     the agent's status and incarnation
 * </pre>
 */
public final class AgentDaemon implements AutoCloseable {

    /** The longest long poll of {@code GET /events}. */
    static final long MAX_WAIT_MS = 60_000;

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
    private final JsonHttpServer server;
    private final OnRecall onRecall;
    private final EventFeed feed = new EventFeed(EventFeed.DEFAULT_CAPACITY);

    private AgentDaemon(AgentConfig config, InetSocketAddress address, OnRecall onRecall) throws IOException {
        this.onRecall = onRecall;
        // Bind first: a port in use must fail before an incarnation is registered that would later show expired.
        this.server = JsonHttpServer.bind(address, "agent")
                .route("POST", "/seals", this::acquire)
                .route("GET", "/seals", this::held)
                .route("DELETE", "/seals/{seal}", this::release)
                .route("GET", "/events", this::events)
                .route("GET", "/health", this::health);
        try {
            this.agent = NodeAgent.start(config, this::onRecall, this::onRevoke);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.start();
    }

    public static AgentDaemon start(AgentConfig config, InetSocketAddress address) throws IOException {
        return new AgentDaemon(config, address, OnRecall.NOTIFY);
    }

    public static AgentDaemon start(AgentConfig config, InetSocketAddress address, OnRecall onRecall) throws IOException {
        return new AgentDaemon(config, address, onRecall);
    }

    public String url() {
        return server.url();
    }

    public NodeAgent agent() {
        return agent;
    }

    @Override
    public void close() {
        server.close();
        agent.close();
    }

    // -------------------------------------------------------------------------------- feed

    private CompletableFuture<Void> onRecall(Recall recall) {
        feed.add("recalled", recall.seal(), Map.of("op", recall.op(), "deadline", recall.deadline()));
        return switch (onRecall) {
            case RELEASE -> CompletableFuture.completedFuture(null);
            case NOTIFY, IGNORE -> new CompletableFuture<>(); // NOTIFY: the holder releases with DELETE ...&reason=recall
        };
    }

    private void onRevoke(HeldSeal seal, RevokeReason reason) {
        feed.add("revoked", seal, Map.of("reason", reason.name().toLowerCase().replace('_', '-')));
    }

    // ------------------------------------------------------------------------------- routes

    private Response held(Request r) {
        return Response.ok(Map.of("seals", agent.heldSeals().stream().map(AgentDaemon::view).toList()));
    }

    private Response health(Request r) {
        return Response.ok(Map.of("agent", agent.agentId(), "incarnation", agent.incarnation(), "status",
                agent.status().name().toLowerCase(), "seals", agent.heldSeals().size()));
    }

    private Response events(Request r) throws InterruptedException {
        long after = r.queryLong("after", 0, 0, Integer.MAX_VALUE);
        long waitMs = r.queryLong("waitMs", 0, 0, MAX_WAIT_MS);
        EventFeed.Page page = feed.after(after, waitMs);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.events());
        body.put("next", page.next());
        if (page.missed() > 0) {
            body.put("missed", page.missed()); // older events were dropped: check GET /seals
        }
        return Response.ok(body);
    }

    private Response acquire(Request r) throws IOException, InterruptedException {
        JsonBody b = r.body();
        SealRequest request;
        try {
            Inode inode = parseInode(b.requiredText("inode"));
            Range range = new Range(b.requiredLong("offset", 0, Long.MAX_VALUE), b.requiredLong("length", 1, Long.MAX_VALUE));
            SealKind kind = b.requiredEnum("kind", SealKind.class);
            int pid = (int) b.requiredLong("pid", 1, Integer.MAX_VALUE);
            ProcessRef process = ProcessRefs.of(pid).orElseThrow(() -> HttpApiException.badRequest("pid",
                    "no process with pid " + pid + " runs on this host"));
            request = new SealRequest(inode, range, kind, process);
        } catch (InvalidFieldException e) {
            throw HttpApiException.badRequest(e.field(), e.getMessage());
        }
        try {
            HeldSeal seal = agent.acquire(request).get(agent.config().grantTimeout().toMillis()
                    * agent.config().rangeBusyAttempts() + 5000, TimeUnit.MILLISECONDS);
            return Response.ok(view(seal));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SealDeniedException d) {
                return Response.json(409, Map.of("error", "denied", "reason", d.reason().wire(), "message", d.getMessage()));
            } else if (c instanceof AgentNotLiveException) {
                throw new HttpApiException(503, "agent-not-live", null, c.getMessage());
            } else if (c instanceof TimeoutException) {
                throw new HttpApiException(504, "no-answer", null,
                        "the coordinator did not answer within the grant timeout; is it running?");
            }
            throw HttpApiException.unavailable(String.valueOf(c));
        } catch (TimeoutException e) {
            throw new HttpApiException(504, "no-answer", null, "no decision in time");
        }
    }

    private Response release(Request r) {
        String seal = r.path("seal");
        String inode = r.query("inode");
        if (inode == null) {
            throw HttpApiException.badRequest("inode", "name the inode: DELETE /seals/" + seal + "?inode=FS:INO:GEN");
        }
        String why = r.query("reason");
        if (why != null && !why.equals("recall")) {
            throw HttpApiException.badRequest("reason", "'reason' is '" + why
                    + "'; leave it out (unpin or unmap, by the seal's kind) or say 'recall'");
        }
        HeldSeal held = agent.heldSeals().stream().filter(s -> s.seal().equals(seal) && s.inode().key().equals(inode))
                .findFirst().orElseThrow(() -> new HttpApiException(404, "not-held", null, "seal " + seal + " on "
                        + inode + " is not held by this agent (released, broken or never granted)"));
        ReleaseReason reason = why != null ? ReleaseReason.RECALL
                : held.kind() == SealKind.PIN ? ReleaseReason.UNPIN : ReleaseReason.UNMAP;
        try {
            agent.release(held, reason).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw HttpApiException.unavailable("the release was not acknowledged by the broker: " + e);
        }
        // Whoever holds it through this daemon (daxseal pin/map) learns from the feed that it is gone.
        feed.add("released", held, Map.of("reason", reason.wire()));
        return Response.ok(Map.of("released", seal, "inode", inode, "reason", reason.wire()));
    }

    private static Inode parseInode(String key) {
        try {
            return Inode.parseKey(key);
        } catch (IllegalArgumentException e) {
            throw HttpApiException.badRequest("inode", e.getMessage());
        }
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
}
