package io.daxseal.testkit;

import io.daxseal.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker (the product's own embedded launcher) for every real-broker test of the
 * run: starting one takes seconds, so tests share it and isolate themselves by topic prefix and
 * coordinator instance id. Stopped when the test JVM exits.
 */
public final class SharedBroker {

    private static EmbeddedKafka kafka;

    private SharedBroker() {
    }

    /** The shared broker's address, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (kafka == null) {
            try {
                Path dir = Files.createTempDirectory("daxseal-test-broker");
                kafka = EmbeddedKafka.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kafka.bootstrapServers();
    }
}
