package io.daxseal.http;

/**
 * A request an API refuses, or cannot serve now: an HTTP status and the one error body both APIs
 * answer with, {@code {"error", "field"?, "message"}}, where {@code field} names the part of the
 * request that is wrong (a JSON field or a query parameter).
 */
public final class HttpApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String field;

    public HttpApiException(int status, String error, String field, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    /** 400: the request names something wrong; {@code field} may be {@code null} when the whole body is. */
    public static HttpApiException badRequest(String field, String message) {
        return new HttpApiException(400, "bad-request", field, message);
    }

    /** 503: the service cannot answer now; the message says what to check. */
    public static HttpApiException unavailable(String message) {
        return new HttpApiException(503, "unavailable", null, message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The field or parameter at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
