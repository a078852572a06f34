package io.daxseal.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.core.AgentStatus;
import io.daxseal.events.Topics;
import io.daxseal.kafka.ClientSettings;
import io.daxseal.testkit.SharedBroker;
import io.daxseal.testkit.TestTopics;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The daemon on a real broker (no coordinator needed: every request here is refused before it is published). */
class AgentDaemonLiveTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INODE = "pmem0:42:1";
    private static AgentDaemon daemon;
    private static Topics topics;

    @BeforeAll
    static void start() throws Exception {
        topics = TestTopics.create("daemon");
        daemon = AgentDaemon.start(config("strict"), new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static AgentConfig config(String id) {
        return AgentConfig.builder(id, SharedBroker.bootstrapServers()).topics(topics).build();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url() + path)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pin(String offset, String length, String pid, String kind) {
        return "{\"inode\":\"" + INODE + "\",\"offset\":" + offset + ",\"length\":" + length + ",\"pid\":" + pid
                + (kind == null ? "" : ",\"kind\":\"" + kind + "\"") + "}";
    }

    private static final String MY_PID = Long.toString(ProcessHandle.current().pid());

    @Test
    void theAgentIsLive() throws Exception {
        assertThat(daemon.agent().status()).isEqualTo(AgentStatus.LIVE);
        assertThat(call("GET", "/health", null).body()).contains("\"status\":\"live\"");
    }

    @Test
    void numbersThatWouldWrapAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> offset = call("POST", "/seals", pin("18446744073709555712", "4096", MY_PID, "pin"));
        assertThat(offset.statusCode()).isEqualTo(400);
        assertThat(offset.body()).contains("\"field\":\"offset\"");
        HttpResponse<String> length = call("POST", "/seals", pin("0", "18446744073709559808", MY_PID, "pin"));
        assertThat(length.body()).contains("\"field\":\"length\"");
        HttpResponse<String> pid = call("POST", "/seals", pin("0", "4096", "4294996414", "pin"));
        assertThat(pid.statusCode()).isEqualTo(400);
        assertThat(pid.body()).contains("\"field\":\"pid\"");
        HttpResponse<String> sign = call("POST", "/seals", pin("9223372036854775808", "1", MY_PID, "pin"));
        assertThat(sign.body()).contains("\"field\":\"offset\"");
    }

    @Test
    void aMissingKindIsNotAPin() throws Exception {
        HttpResponse<String> r = call("POST", "/seals", pin("0", "4096", MY_PID, null));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"kind\"");
    }

    @Test
    void anUnknownReleaseReasonIsRefused() throws Exception {
        HttpResponse<String> r = call("DELETE", "/seals/s1?inode=" + INODE + "&reason=bogus", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"reason\"");
        assertThat(call("DELETE", "/seals/s1?inode=" + INODE, null).statusCode()).as("not held").isEqualTo(404);
    }

    @Test
    void theLongPollIsBounded() throws Exception {
        HttpResponse<String> r = call("GET", "/events?waitMs=999999999999", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"waitMs\"").contains("0..60000");
        assertThat(call("GET", "/events?after=-1", null).body()).contains("\"field\":\"after\"");
        assertThat(call("GET", "/events?waitMs=0", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongMethodIs405AndABigBodyIs413() throws Exception {
        assertThat(call("PUT", "/seals", "{}").statusCode()).isEqualTo(405);
        String big = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> tooLarge = call("POST", "/seals", big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        // The unread rest of the body ends the connection: the answer says so, and the next call opens a new one.
        assertThat(tooLarge.headers().firstValue("connection")).hasValue("close");
        assertThat(call("POST", "/seals", "{\"inode\":1} trailing").statusCode()).isEqualTo(400);
    }

    @Test
    void aPortInUseFailsBeforeAnIncarnationIsRegistered() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> AgentDaemon.start(config("portless"), new InetSocketAddress("127.0.0.1", port)))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
        try (KafkaConsumer<String, byte[]> c = ClientSettings.reader(SharedBroker.bootstrapServers(), "daemon-test")
                .newConsumer()) {
            TopicPartition tp = new TopicPartition(topics.agentLog(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long portless = 0;
            while (c.position(tp) < end) {
                portless += c.poll(Duration.ofMillis(500)).records(tp).stream().filter(r -> r.key().equals("portless"))
                        .count();
            }
            assertThat(portless).as("records of the agent whose port was taken").isZero();
        }
    }
}
