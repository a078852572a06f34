package io.daxseal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * One request as a handler sees it: the path's named segments, the query, and the body read as a
 * strict JSON object of at most {@link JsonHttpServer#MAX_BODY_BYTES}.
 */
public final class Request {

    /** Duplicate keys and text after the object are errors, as in the event codec. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;

    Request(HttpExchange exchange, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.pathParams = Map.copyOf(pathParams);
        this.query = QueryString.parse(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** A named segment of the route's pattern ({@code {op}} in {@code /ops/{op}/finish}), decoded. */
    public String path(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route has no segment {" + name + "}");
        }
        return v;
    }

    /** A query parameter, or {@code null}. */
    public String query(String name) {
        return query.get(name);
    }

    /** A query parameter that must be an integer in {@code min..max}; {@code dflt} when absent. */
    public long queryLong(String name, long dflt, long min, long max) {
        String v = query.get(name);
        if (v == null) {
            return dflt;
        }
        long value;
        try {
            value = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpApiException.badRequest(name, "'" + name + "' must be an integer in " + min + ".." + max
                    + ", was '" + v + "'");
        }
        if (value < min || value > max) {
            throw HttpApiException.badRequest(name, "'" + name + "' is " + value + ", outside " + min + ".." + max);
        }
        return value;
    }

    /**
     * What is wrong with the JSON, in the user's terms: Jackson's own messages name its internals
     * (the source, feature flags, the Java type it binds to), which say nothing to a caller.
     */
    static String plain(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        if (m.startsWith("Trailing token")) {
            return "there is text after the JSON object" + where;
        }
        m = m.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "")
                .replaceAll("\\s*\\(bound as [^)]*\\)", "")
                .replaceAll(":?\\s*not allowed as per\\s*`[^`]*`", "")
                .replaceAll("\\s*\\(StreamReadFeature[^)]*\\)", "")
                .replaceAll("`[^`]*`", "")
                .replaceAll("\\s+", " ")
                .strip();
        return m + where;
    }

    /** The body as a JSON object; 413 past the size limit, 400 when it is not one JSON object. */
    public JsonBody body() throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(JsonHttpServer.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > JsonHttpServer.MAX_BODY_BYTES) {
            // The rest of the body stays unread, so the server drops the connection after the answer: say so, or a
            // client that keeps connections alive sends its next request on a closed one (seen: a reset in CI).
            exchange.getResponseHeaders().set("Connection", "close");
            throw new HttpApiException(413, "too-large", null, "the request body is over "
                    + JsonHttpServer.MAX_BODY_BYTES / 1024 + " KiB");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HttpApiException.badRequest(null, "the body is not valid JSON: " + plain(e));
        }
        if (node == null || !node.isObject()) {
            throw HttpApiException.badRequest(null, "the body must be a JSON object");
        }
        return new JsonBody(node);
    }
}
