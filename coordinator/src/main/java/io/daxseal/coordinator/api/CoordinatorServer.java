package io.daxseal.coordinator.api;

import io.daxseal.coordinator.kafka.EmbeddedKafka;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A whole coordinator node: the embedded Kafka broker when no cluster is given (KRaft, data under
 * {@code dataDir}), the runtime, the request publisher and the HTTP API. Closing stops them in the
 * reverse order.
 */
public final class CoordinatorServer implements AutoCloseable {

    private final EmbeddedKafka embedded;
    private final CoordinatorRuntime runtime;
    private final RequestPublisher publisher;
    private final CoordinatorApi api;

    private CoordinatorServer(EmbeddedKafka embedded, CoordinatorRuntime runtime, RequestPublisher publisher,
                              CoordinatorApi api) {
        this.embedded = embedded;
        this.runtime = runtime;
        this.publisher = publisher;
        this.api = api;
    }

    /**
     * Starts a node.
     *
     * @param bootstrapServers an existing cluster, or {@code null} for the embedded broker
     * @param dataDir the embedded broker's data (ignored with a cluster)
     * @param http where the API listens (port 0: any free port)
     * @param configure adjusts the default configuration (topics, partitions, instance id)
     */
    public static CoordinatorServer start(String bootstrapServers, Path dataDir, InetSocketAddress http,
                                          UnaryOperator<CoordinatorConfig> configure) throws IOException, InterruptedException {
        return start(bootstrapServers, dataDir, http, configure, () -> true);
    }

    /** As above, for the elected instance of several: {@code mayWrite} is its election's verdict. */
    public static CoordinatorServer start(String bootstrapServers, Path dataDir, InetSocketAddress http,
                                          UnaryOperator<CoordinatorConfig> configure,
                                          java.util.function.BooleanSupplier mayWrite)
            throws IOException, InterruptedException {
        EmbeddedKafka embedded = null;
        CoordinatorRuntime runtime = null;
        RequestPublisher publisher = null;
        try {
            if (bootstrapServers == null) {
                embedded = EmbeddedKafka.start(dataDir);
                bootstrapServers = embedded.bootstrapServers();
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            CoordinatorConfig config = configure.apply(CoordinatorConfig.defaults(bootstrapServers));
            runtime = CoordinatorRuntime.start(config, registry, Duration.ofSeconds(120), mayWrite);
            publisher = new RequestPublisher(bootstrapServers, config.topics());
            CoordinatorApi api = new CoordinatorApi(http, runtime, publisher, registry);
            return new CoordinatorServer(embedded, runtime, publisher, api);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return runtime.config().bootstrapServers();
    }

    public String apiUrl() {
        return api.url();
    }

    public CoordinatorRuntime runtime() {
        return runtime;
    }

    public RequestPublisher publisher() {
        return publisher;
    }

    /** Whether the broker runs in this process. */
    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        api.close();
        publisher.close();
        runtime.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
