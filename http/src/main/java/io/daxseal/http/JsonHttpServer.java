package io.daxseal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP layer of daxseal's APIs, on the JDK's server with a virtual thread per request
 * (requests that wait for a decision park cheaply). Routes are a method and a path pattern whose
 * {@code {name}} segments match one path segment each. A path that matches with another method
 * gets 405 and an {@code Allow} header; an unknown path gets 404 listing the routes; every refusal
 * is {@code {"error","field"?,"message"}}; a handler's unexpected failure is a 500 that is logged.
 */
public final class JsonHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);
    /** The largest request body either API takes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws IOException, InterruptedException;
    }

    private record Route(String method, String[] segments, Handler handler) {
        /** The named segments when {@code path} matches, else {@code null}. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < path.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    params.put(s.substring(1, s.length() - 1), URLDecoder.decode(path[i], StandardCharsets.UTF_8));
                } else if (!s.equals(path[i])) {
                    return null;
                }
            }
            return params;
        }

        String pattern() {
            return "/" + String.join("/", segments);
        }
    }

    /** The response header that names the daxseal API answering, so a client can tell it from any other server. */
    public static final String SERVICE_HEADER = "X-Daxseal-Api";

    private final HttpServer server;
    private final String service;
    private final List<Route> routes = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();

    private JsonHttpServer(HttpServer server, String service) {
        this.server = server;
        this.service = service;
    }

    /**
     * A server bound to {@code address} (port 0: any free port) for the API named {@code service}
     * ({@code coordinator}, {@code agent}: sent in {@link #SERVICE_HEADER}); add routes, then {@link #start}.
     */
    public static JsonHttpServer bind(InetSocketAddress address, String service) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + " (" + e.getMessage() + "): is another process using the port? Choose another one");
        }
        return new JsonHttpServer(server, service);
    }

    /** Adds a route; {@code pattern} like {@code /ops/{op}/finish}. */
    public JsonHttpServer route(String method, String pattern, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route's pattern starts with '/': " + pattern);
        }
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    public JsonHttpServer start() {
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The address it listens on (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String url() {
        return "http://" + address().getHostString() + ":" + address().getPort();
    }

    /** Requests refused with a 4xx so far (for a metric). */
    public long refusedRequests() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            try {
                send(ex, dispatch(method, path, ex));
            } catch (HttpApiException e) {
                if (e.status() < 500) {
                    refused.incrementAndGet();
                }
                send(ex, Response.json(e.status(), errorBody(e)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(ex, Response.json(503, Map.of("error", "unavailable", "message", "interrupted")));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed: {}", method, path, e.toString(), e);
                send(ex, Response.json(500, Map.of("error", "internal", "message", String.valueOf(e.getMessage()))));
            }
        }
    }

    private Response dispatch(String method, String rawPath, HttpExchange ex) throws IOException, InterruptedException {
        String[] path = split(rawPath);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = r.match(path);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return r.handler().handle(new Request(ex, params));
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            String allow = String.join(", ", allowed);
            refused.incrementAndGet();
            ex.getResponseHeaders().set("Allow", allow);
            return Response.json(405, Map.of("error", "method-not-allowed", "message",
                    method + " is not allowed on " + rawPath + "; use " + allow));
        }
        throw new HttpApiException(404, "not-found", null, "no such endpoint: " + method + " " + rawPath
                + " (endpoints: " + routes.stream().map(r -> r.method() + " " + r.pattern()).collect(Collectors.joining(", "))
                + ")");
    }

    private static Map<String, Object> errorBody(HttpApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        body.put("message", e.getMessage());
        return body;
    }

    private void send(HttpExchange ex, Response r) throws IOException {
        byte[] bytes = r.text() != null ? r.text() : Json.MAPPER.writeValueAsBytes(r.json());
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.getResponseHeaders().set(SERVICE_HEADER, service);
        ex.sendResponseHeaders(r.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
