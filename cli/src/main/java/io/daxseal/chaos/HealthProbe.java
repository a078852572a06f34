package io.daxseal.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a coordinator's health endpoint whether it decides. A failover instance's API listens only
 * while it is active, so a refused connection means "stands by"; a request that times out means
 * nothing is known (a paused process still holds its socket), which is neither.
 */
final class HealthProbe {

    /** What one probe learned. */
    enum Health {
        /** 200: this instance decides. */
        ACTIVE,
        /** The API does not listen, or answers 503: it stands by or is down. */
        STANDING_BY,
        /** No answer in time: paused, or busy. */
        UNKNOWN
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    Health probe(int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofMillis(500)).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Health.ACTIVE : Health.STANDING_BY;
        } catch (ConnectException e) {
            return Health.STANDING_BY;
        } catch (HttpTimeoutException e) {
            return Health.UNKNOWN;
        } catch (IOException e) {
            // A connection reset while the API closes: it is standing down.
            return Health.STANDING_BY;
        }
    }
}
