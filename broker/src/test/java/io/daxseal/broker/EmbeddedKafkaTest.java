package io.daxseal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker: it serves clients, and a restart on the same directory keeps address and data. */
class EmbeddedKafkaTest {

    @TempDir
    Path dir;

    @Test
    void servesClientsAndARestartKeepsTheAddressAndEveryAcknowledgedRecord() throws Exception {
        String firstAddress;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            firstAddress = kafka.bootstrapServers();
            assertThat(firstAddress).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, firstAddress))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
            }
            produce(firstAddress, "one");
            assertThat(readAll(firstAddress)).containsExactly("one");
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(dir)) {
            assertThat(again.bootstrapServers()).isEqualTo(firstAddress);
            produce(again.bootstrapServers(), "two");
            assertThat(readAll(again.bootstrapServers())).containsExactly("one", "two");
        }
    }

    @Test
    void aTakenPortIsAClearErrorThatSaysWhatToDo() throws Exception {
        Files.writeString(dir.resolve(EmbeddedKafka.STATE_FILE), "cluster.id=ldlg5yhkQeWtnUrZrC6edg\n");
        assertThatThrownBy(() -> EmbeddedKafka.start(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no 'broker.port'").hasMessageContaining("delete the file");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(dir.resolve(EmbeddedKafka.STATE_FILE), "broker.port=" + taken.getLocalPort()
                    + "\ncontroller.port=" + (taken.getLocalPort() + 1) + "\ncluster.id=ldlg5yhkQeWtnUrZrC6edg\n");
            assertThatThrownBy(() -> EmbeddedKafka.start(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1")
                    .hasMessageContaining("is in use");
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("probe", "key", value)).get(); // acknowledged
        }
    }

    private static List<String> readAll(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("probe", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return consumer.position(partition) >= end;
            });
        }
        return values;
    }
}
