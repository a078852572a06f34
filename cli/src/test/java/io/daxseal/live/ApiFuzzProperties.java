package io.daxseal.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.agent.daemon.AgentDaemon;
import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.coordinator.live.LiveCluster;
import io.daxseal.http.Json;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing both HTTP APIs on a real broker, coordinator and agent daemon: request bodies (random
 * objects of the fields the APIs read, with values of every JSON type and extreme numbers, and
 * raw text) and query strings. Every request is answered: 2xx, or a 4xx/503/504 whose body names
 * the error and says why (and the field, for a 400); never a 500, never a hang. Waits are kept
 * short (a valid {@code waitMs} is at most 50 ms) so that a request that happens to be valid does
 * not park the run.
 */
class ApiFuzzProperties {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, AtomicLong[]> COUNTS = new ConcurrentHashMap<>();
    private static LiveCluster cluster;
    private static CoordinatorServer coordinator;
    private static AgentDaemon agent;

    @BeforeContainer
    static void start() throws Exception {
        cluster = new LiveCluster();
        coordinator = CoordinatorServer.start(cluster.bootstrap, new InetSocketAddress("127.0.0.1", 0), c -> cluster.config());
        agent = AgentDaemon.start(cluster.agentConfig("fuzz-host").grantTimeout(Duration.ofSeconds(2))
                .rangeBusyAttempts(1).build(), new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterContainer
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        COUNTS.forEach((target, c) -> System.out.printf("fuzz: %s: %d inputs, %d accepted, %d refused with an error body%n",
                target, c[0].get(), c[1].get(), c[2].get()));
    }

    // ------------------------------------------------------------------------------------ inputs

    private static final List<String> FIELDS = List.of("inode", "offset", "length", "kind", "policy", "breakTimeoutMs",
            "op", "requester", "waitMs", "pid", "outcome", "extra");

    @Provide
    Arbitrary<Object> value() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.of("fz:1:1", "fz:2:1", "pmem0:1:7:1", "nope", "", "truncate", "zero-range", "pin", "map",
                        "recall", "fail-fast", "recall-then-break", "done", "aborted"),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(0L, 1L, -1L, 4096L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1),
                Arbitraries.of(new BigInteger("18446744073709555712"), new BigInteger("-9223372036854775809")),
                Arbitraries.of(1.5, 1e300, -0.0),
                Arbitraries.of(true, false),
                Arbitraries.just(List.of(1, 2)),
                Arbitraries.just(Map.of("a", 1)));
    }

    @Provide
    Arbitrary<String> body() {
        Arbitrary<Map<String, Object>> objects = Arbitraries.subsetOf(FIELDS).flatMap(fields -> {
            List<String> names = List.copyOf(fields);
            return value().list().ofSize(names.size()).map(values -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    m.put(names.get(i), values.get(i));
                }
                if (m.get("waitMs") instanceof Long w && w >= 0) {
                    m.put("waitMs", Math.min(w, 50)); // a valid request must not park the run
                }
                if (!m.containsKey("waitMs")) {
                    m.put("waitMs", 0);
                }
                return m;
            });
        });
        return Arbitraries.oneOf(
                objects.map(ApiFuzzProperties::json),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("", "{", "[]", "null", "{\"inode\":1,\"inode\":2}", "{} {}", "{\"a\":", "\"text\"",
                        "{\"offset\":1e999999}", "{\"offset\":" + "9".repeat(400) + "}"));
    }

    /** A valid request with one field changed to any value, or dropped: the checks one at a time. */
    private Arbitrary<String> nearlyValid(Map<String, Object> valid) {
        List<String> names = List.copyOf(valid.keySet());
        return net.jqwik.api.Combinators.combine(Arbitraries.of(names), value(), Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(1, 1_000_000)).as((field, v, how, ino) -> {
                    Map<String, Object> m = new LinkedHashMap<>(valid);
                    m.put("inode", "fz:" + ino + ":1");
                    switch (how) {
                        case 0 -> m.remove(field);
                        case 1 -> { } // valid as it is
                        default -> m.put(field, v);
                    }
                    if (valid.containsKey("waitMs")) {
                        // A valid request waits for its decision up to waitMs (default: break timeout + 30 s), and a
                        // queued one gets none: keep every wait short, or the run would park for minutes.
                        if (!m.containsKey("waitMs") || m.get("waitMs") instanceof Long w && w > 50) {
                            m.put("waitMs", 50L);
                        }
                    }
                    return json(m);
                });
    }

    @Provide
    Arbitrary<String> opsBody() {
        Map<String, Object> valid = new LinkedHashMap<>();
        valid.put("inode", "fz:1:1");
        valid.put("offset", 0L);
        valid.put("length", 10L);
        valid.put("kind", "zero-range");
        valid.put("policy", "fail-fast");
        valid.put("waitMs", 0L);
        return Arbitraries.oneOf(nearlyValid(valid), body());
    }

    @Provide
    Arbitrary<String> sealsBody() {
        Map<String, Object> valid = new LinkedHashMap<>();
        valid.put("inode", "fz:1:1");
        valid.put("offset", 0L);
        valid.put("length", 10L);
        valid.put("kind", "pin");
        valid.put("pid", ProcessHandle.current().pid());
        return Arbitraries.oneOf(nearlyValid(valid), body());
    }

    @Provide
    Arbitrary<String> queryValue() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), Arbitraries.of("0", "-1", "50", "9999999999999",
                "18446744073709555712", "fz:1:1", "", "%zz", "recall", "bogus", "a&b=c"));
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // -------------------------------------------------------------------------------- properties

    @Property(tries = 150)
    void coordinatorOpsBodies(@ForAll("opsBody") String body) throws Exception {
        answered("coordinator POST /ops", "POST", coordinator.apiUrl() + "/ops", body);
    }

    @Property(tries = 100)
    void coordinatorFinishBodies(@ForAll("body") String body, @ForAll("queryValue") String op) throws Exception {
        answered("coordinator POST /ops/{op}/finish", "POST", coordinator.apiUrl() + "/ops/" + enc(op.isEmpty() ? "x" : op)
                + "/finish", body);
    }

    @Property(tries = 100)
    void coordinatorQueries(@ForAll("queryValue") String inode, @ForAll("queryValue") String op) throws Exception {
        answered("coordinator queries", "GET", coordinator.apiUrl() + "/seals?inode=" + enc(inode), null);
        answered("coordinator queries", "GET", coordinator.apiUrl() + "/ops/" + enc(op.isEmpty() ? "x" : op) + "?inode="
                + enc(inode), null);
    }

    @Property(tries = 150)
    void agentSealBodies(@ForAll("sealsBody") String body) throws Exception {
        answered("agent POST /seals", "POST", agent.url() + "/seals", body);
    }

    @Property(tries = 100)
    void agentQueries(@ForAll("queryValue") String a, @ForAll("queryValue") String b) throws Exception {
        String wait = b.matches("\\d{1,2}") ? b : "0";
        answered("agent queries", "GET", agent.url() + "/events?after=" + enc(a) + "&waitMs=" + enc(wait), null);
        answered("agent queries", "GET", agent.url() + "/events?after=0&waitMs=" + enc(b.matches("\\d+") ? "999999" : b),
                null);
        answered("agent queries", "DELETE", agent.url() + "/seals/" + enc(a.isEmpty() ? "s" : a) + "?inode=" + enc(b)
                + "&reason=" + enc(a), null);
    }

    // ---------------------------------------------------------------------------------- checking

    private static void answered(String target, String method, String url, String body) throws Exception {
        AtomicLong[] c = COUNTS.computeIfAbsent(target, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong(),
            new AtomicLong()});
        c[0].incrementAndGet();
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            c[2].incrementAndGet(); // not a URL a client can send
            return;
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String what = method + " " + url + (body == null ? "" : " " + body) + " -> " + r.statusCode() + " " + r.body();
        assertThat(r.statusCode() < 500 || r.statusCode() == 503 || r.statusCode() == 504)
                .as("answered without a server error: " + what).isTrue();
        if (r.statusCode() < 300) {
            c[1].incrementAndGet();
            return;
        }
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.path("error").asText()).as(what).isNotBlank();
        assertThat(error.path("message").asText()).as(what).isNotBlank();
        if (r.statusCode() == 400 && !error.path("error").asText().equals("denied")) {
            assertThat(error.path("message").asText()).as(what).doesNotContain("REDACTED").doesNotContain("Feature");
        }
        c[2].incrementAndGet();
    }
}
