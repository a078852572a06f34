package io.daxseal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes of one KRaft cluster in this JVM: replicated topics, and writes go on with one node gone. */
class ClusterNodeLiveTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void threeNodesFormOneClusterThatKeepsWritingWithOneNodeDown() throws Exception {
        int[] broker = {freePort(), freePort(), freePort()};
        int[] controller = {freePort(), freePort(), freePort()};
        String voters = "1@127.0.0.1:" + controller[0] + ",2@127.0.0.1:" + controller[1] + ",3@127.0.0.1:" + controller[2];
        String clusterId = Uuid.randomUuid().toString();
        List<CompletableFuture<EmbeddedKafka>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClusterNode node = new ClusterNode(i + 1, clusterId, voters, "127.0.0.1", broker[i], controller[i], "127.0.0.1");
            Path data = dir.resolve("node" + (i + 1));
            // A node's start waits for the quorum: start the three together.
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedKafka.startNode(data, node);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        List<EmbeddedKafka> nodes = new ArrayList<>();
        for (CompletableFuture<EmbeddedKafka> f : starting) {
            nodes.add(f.get(90, TimeUnit.SECONDS));
        }
        try {
            String bootstrap = "127.0.0.1:" + broker[0] + ",127.0.0.1:" + broker[1] + ",127.0.0.1:" + broker[2];
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(p)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
                admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "replicated"))).all()
                        .get(30, TimeUnit.SECONDS).values().iterator().next().get("min.insync.replicas").value())
                        .as("two copies in sync before a write is acknowledged").isEqualTo("2");
            }
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("replicated", "k", "before")).get(30, TimeUnit.SECONDS);
                nodes.remove(2).close(); // one of three down: still a quorum, still two in sync
                long offset = producer.send(new ProducerRecord<>("replicated", "k", "after")).get(60, TimeUnit.SECONDS)
                        .offset();
                assertThat(offset).isEqualTo(1);
            }
        } finally {
            // Together: a node left alone has no quorum, and its controlled shutdown would wait for one.
            CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::close))
                    .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeThatIsNotAVoterOrHasABadClusterIdIsRefusedWithTheReason() {
        String id = Uuid.randomUuid().toString();
        assertThatThrownBy(() -> new ClusterNode(4, id, "1@b1:9093,2@b2:9093", "0.0.0.0", 9092, 9093, "b4"))
                .hasMessageContaining("node id 4 is not among the voters");
        assertThatThrownBy(() -> new ClusterNode(1, "not-an-id", "1@b1:9093", "0.0.0.0", 9092, 9093, "b1"))
                .hasMessageContaining("is not a Kafka cluster id");
        assertThatThrownBy(() -> new ClusterNode(1, id, "1@b1", "0.0.0.0", 9092, 9093, "b1"))
                .hasMessageContaining("is not id@host:port");
        assertThat(new ClusterNode(2, id, "1@b1:9093,2@b2:9093,3@b3:9093", "0.0.0.0", 9092, 9093, "b2").voterCount())
                .isEqualTo(3);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
