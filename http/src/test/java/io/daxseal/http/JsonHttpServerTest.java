package io.daxseal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.events.SealKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared HTTP layer on a real JDK server on 127.0.0.1: routing, strictness, one error body. */
class JsonHttpServerTest {

    private static JsonHttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = JsonHttpServer.bind(new InetSocketAddress("127.0.0.1", 0), "test")
                .route("GET", "/things", r -> Response.ok(Map.of("n", r.queryLong("n", 7, 0, 100))))
                .route("POST", "/things", r -> {
                    JsonBody b = r.body();
                    return Response.ok(Map.of("offset", b.requiredLong("offset", 0, Long.MAX_VALUE),
                            "pid", b.requiredLong("pid", 1, Integer.MAX_VALUE),
                            "kind", b.requiredEnum("kind", SealKind.class).wire()));
                })
                .route("DELETE", "/things/{id}", r -> Response.ok(Map.of("id", r.path("id"))))
                .route("GET", "/boom", r -> {
                    throw new IllegalStateException("a bug");
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Answer(int status, String body, HttpResponse<String> raw) {
    }

    private static Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(5));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    @Test
    void aGoodRequestIsAnswered() throws Exception {
        Answer a = call("POST", "/things", "{\"offset\":4096,\"pid\":12,\"kind\":\"pin\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("\"offset\":4096").contains("\"pid\":12").contains("\"kind\":\"pin\"");
        assertThat(call("GET", "/things", null).body()).isEqualTo("{\"n\":7}");
        assertThat(call("DELETE", "/things/a%2Fb", null).body()).isEqualTo("{\"id\":\"a/b\"}");
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        Answer a = call("PUT", "/things", "{}");
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.raw().headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(a.body()).contains("\"error\":\"method-not-allowed\"");
    }

    @Test
    void anUnknownPathIs404NamingTheRoutes() throws Exception {
        Answer a = call("GET", "/nope", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).contains("\"error\":\"not-found\"").contains("GET /things").contains("DELETE /things/{id}");
        assertThat(call("DELETE", "/things/", null).status()).as("an empty segment matches no {name}").isEqualTo(404);
    }

    @Test
    void numbersNeverWrap() throws Exception {
        Answer wrapped = call("POST", "/things", "{\"offset\":18446744073709555712,\"pid\":12,\"kind\":\"pin\"}");
        assertThat(wrapped.status()).isEqualTo(400);
        assertThat(wrapped.body()).contains("\"field\":\"offset\"");
        Answer bigPid = call("POST", "/things", "{\"offset\":0,\"pid\":4294996414,\"kind\":\"pin\"}");
        assertThat(bigPid.status()).isEqualTo(400);
        assertThat(bigPid.body()).contains("\"field\":\"pid\"").contains("outside 1..2147483647");
        Answer negative = call("POST", "/things", "{\"offset\":-1,\"pid\":1,\"kind\":\"pin\"}");
        assertThat(negative.body()).contains("\"field\":\"offset\"");
        Answer fraction = call("POST", "/things", "{\"offset\":1.5,\"pid\":1,\"kind\":\"pin\"}");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.body()).contains("\"field\":\"offset\"");
    }

    @Test
    void aMissingOrUnknownEnumNamesItsFieldAndChoices() throws Exception {
        Answer missing = call("POST", "/things", "{\"offset\":0,\"pid\":1}");
        assertThat(missing.body()).contains("\"field\":\"kind\"").contains("missing");
        Answer bad = call("POST", "/things", "{\"offset\":0,\"pid\":1,\"kind\":\"glue\"}");
        assertThat(bad.body()).contains("\"field\":\"kind\"").contains("pin").contains("map");
    }

    @Test
    void jsonIsReadStrictly() throws Exception {
        Answer dup = call("POST", "/things", "{\"offset\":0,\"offset\":1,\"pid\":1,\"kind\":\"pin\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body()).contains("Duplicate field 'offset'");
        Answer trailing = call("POST", "/things", "{\"offset\":0,\"pid\":1,\"kind\":\"pin\"} {}");
        assertThat(trailing.status()).isEqualTo(400);
        Answer broken = call("POST", "/things", "{offset:0}");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body()).doesNotContain("REDACTED").doesNotContain("StreamReadFeature");
        Answer array = call("POST", "/things", "[1]");
        assertThat(array.body()).contains("must be a JSON object");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String big = "{\"offset\":0,\"pid\":1,\"kind\":\"pin\",\"pad\":\"" + "x".repeat(JsonHttpServer.MAX_BODY_BYTES) + "\"}";
        Answer a = call("POST", "/things", big);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).contains("\"error\":\"too-large\"");
    }

    @Test
    void queryNumbersAreBoundedAndNamed() throws Exception {
        Answer over = call("GET", "/things?n=999999999999", null);
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.body()).contains("\"field\":\"n\"").contains("outside 0..100");
        assertThat(call("GET", "/things?n=x", null).body()).contains("\"field\":\"n\"");
    }

    @Test
    void aHandlersBugIsA500AndRefusalsAreCounted() throws Exception {
        long before = server.refusedRequests();
        assertThat(call("GET", "/boom", null).status()).isEqualTo(500);
        call("GET", "/nope", null);
        assertThat(server.refusedRequests()).isEqualTo(before + 1);
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Assertions.assertThatThrownBy(() -> JsonHttpServer.bind(new InetSocketAddress("127.0.0.1", taken.getLocalPort()), "test"))
                    .isInstanceOf(java.net.BindException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }
}
