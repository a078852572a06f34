package io.daxseal.http;

/**
 * What a handler answers: a status and a body, JSON (any object the mapper can write) or text
 * of a given content type.
 */
public record Response(int status, String contentType, Object json, byte[] text) {

    /** A JSON answer. */
    public static Response json(int status, Object body) {
        return new Response(status, "application/json", body, null);
    }

    /** A 200 JSON answer. */
    public static Response ok(Object body) {
        return json(200, body);
    }

    /** A text answer (Prometheus' format, for one). */
    public static Response text(int status, String contentType, byte[] body) {
        return new Response(status, contentType, null, body.clone());
    }
}
