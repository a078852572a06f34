package io.daxseal.benchmarks.compare;

import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.kafka.ClientSettings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What each Kafka round trip of a grant costs on the embedded broker, measured one by one with the
 * settings daxseal uses: where a grant's time goes, RPC by RPC. Prints p50/p99 in ms of:
 * an idempotent {@code acks=all} send (an agent's request); a transaction of three records on three
 * partitions (a grant: decision, inbox copy, journal entry) committed back to back, and with a pause
 * before each; the time from a commit's end until a {@code read_committed} reader sees its record
 * (the agent's inbox read); and until a {@code read_uncommitted} reader sees a plain send (the
 * coordinator's read of a request).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.daxseal.benchmarks.compare.KafkaRoundTrips [N]}.
 */
public final class KafkaRoundTrips {

    private KafkaRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory("rtt"))) {
            String bs = kafka.bootstrapServers();
            try (Admin admin = ClientSettings.admin(bs, "rtt", Duration.ofSeconds(30)).newAdmin()) {
                admin.createTopics(List.of(new NewTopic("a", 1, (short) 1), new NewTopic("b", 1, (short) 1),
                        new NewTopic("c", 1, (short) 1))).all().get();
            }
            byte[] value = new byte[200];
            try (KafkaProducer<String, byte[]> plain = ClientSettings.producer(bs, "rtt-plain").newProducer();
                 KafkaProducer<String, byte[]> tx = ClientSettings.transactionalProducer(bs, "rtt-tx").newProducer();
                 KafkaConsumer<String, byte[]> committed = reader(bs, "read_committed", "b");
                 KafkaConsumer<String, byte[]> uncommitted = reader(bs, "read_uncommitted", "a")) {
                tx.initTransactions();
                long[] send = new long[n];
                long[] backToBack = new long[n];
                long[] paused = new long[n];
                long[] visibleCommitted = new long[n];
                long[] visibleUncommitted = new long[n];
                for (int round = 0; round < 2; round++) { // the first round warms
                    for (int i = 0; i < n; i++) {
                        long t = System.nanoTime();
                        plain.send(new ProducerRecord<>("a", "k", value)).get();
                        send[i] = System.nanoTime() - t;
                        visibleUncommitted[i] = untilRead(uncommitted, t);
                    }
                    for (int i = 0; i < n; i++) {
                        backToBack[i] = transaction(tx, value);
                    }
                    for (int i = 0; i < n; i++) {
                        Thread.sleep(5);
                        long t = System.nanoTime();
                        paused[i] = transaction(tx, value);
                        visibleCommitted[i] = untilRead(committed, t + paused[i]);
                    }
                }
                print("idempotent acks=all send (the agent's request)", send);
                print("... until a read_uncommitted reader has it (the coordinator's read)", visibleUncommitted);
                print("transaction, 3 partitions, back to back", backToBack);
                print("transaction, 3 partitions, after 5 ms", paused);
                print("commit end until a read_committed reader has it (the inbox read)", visibleCommitted);
            }
        }
    }

    private static KafkaConsumer<String, byte[]> reader(String bs, String isolation, String topic) {
        KafkaConsumer<String, byte[]> c = ClientSettings.reader(bs, "rtt-" + isolation)
                .with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation)
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.getInteger("rtt.fetch.wait", 500)).newConsumer();
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToEnd(List.of(tp));
        c.position(tp);
        return c;
    }

    private static long transaction(KafkaProducer<String, byte[]> tx, byte[] value) {
        long t = System.nanoTime();
        tx.beginTransaction();
        tx.send(new ProducerRecord<>("a", "k", value));
        tx.send(new ProducerRecord<>("b", "k", value));
        tx.send(new ProducerRecord<>("c", "k", value));
        tx.commitTransaction();
        return System.nanoTime() - t;
    }

    /** Polls until a record comes; the time from {@code since}. */
    private static long untilRead(KafkaConsumer<String, byte[]> c, long since) {
        while (true) {
            ConsumerRecords<String, byte[]> r = c.poll(Duration.ofMillis(100));
            if (!r.isEmpty()) {
                return System.nanoTime() - since;
            }
        }
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-70s p50 %6.2f ms  p99 %6.2f ms%n", what, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6);
    }

}
