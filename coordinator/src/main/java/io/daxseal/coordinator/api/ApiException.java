package io.daxseal.coordinator.api;

/**
 * A request the API refuses: an HTTP status and a JSON body {@code {"error", "field"?, "message"}}
 * that names the problem.
 */
final class ApiException extends RuntimeException {

    final int status;
    final String error;
    final String field;

    ApiException(int status, String error, String field, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad-request", field, message);
    }
}
