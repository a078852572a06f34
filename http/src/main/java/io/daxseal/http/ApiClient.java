package io.daxseal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON-over-HTTP client for the coordinator's and the agent daemon's APIs, used by the CLI.
 * Connection problems become {@link Unreachable} with a message that says what to check.
 */
public final class ApiClient {

    /** The server could not be reached at all. */
    public static class Unreachable extends IOException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server answered, but it is not the daxseal API this client was made for. */
    public static final class NotDaxseal extends Unreachable {
        NotDaxseal(String message) {
            super(message, null);
        }
    }

    /** A response: status and parsed JSON body (or the raw text as a JSON string when it is not JSON). */
    public record Response(int status, JsonNode body) {
    }

    private final String base;
    private final String service;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of whatever answers at {@code base} (tests, tools that know what they talk to). */
    public ApiClient(String base) {
        this(base, null);
    }

    /**
     * A client of the daxseal API named {@code service} ({@code coordinator}, {@code agent}) at
     * {@code base}: any other server is refused with {@link NotDaxseal}, saying what answered.
     */
    public ApiClient(String base, String service) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.service = service;
    }

    public Response get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).GET().build());
    }

    public Response post(String path, Map<String, ?> body, Duration timeout) throws IOException, InterruptedException {
        byte[] json = Json.MAPPER.writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    public Response delete(String path, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).DELETE().build());
    }

    private URI uri(String path) throws Unreachable {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new Unreachable("'" + base + "' is not a valid URL (expected like http://127.0.0.1:7070)", e);
        }
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new Unreachable("cannot connect to " + base + " (is it running? check the URL and port)", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Unreachable("no answer from " + base + " within the timeout", e);
        }
        if (service != null) {
            String answered = r.headers().firstValue(JsonHttpServer.SERVICE_HEADER).orElse(null);
            if (answered == null) {
                throw new NotDaxseal(base + " is not a daxseal " + service + " (it answered HTTP " + r.statusCode()
                        + " without daxseal's " + JsonHttpServer.SERVICE_HEADER + " header): check the URL and port");
            }
            if (!answered.equals(service)) {
                throw new NotDaxseal(base + " is daxseal's " + answered + " API, not its " + service + " API: check the URL and port");
            }
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            body = Json.MAPPER.getNodeFactory().textNode(r.body());
        }
        return new Response(r.statusCode(), body);
    }
}
