package io.daxseal.coordinator.api;

import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A whole coordinator node on a Kafka cluster: the runtime, the request publisher and the HTTP API.
 * Closing stops them in the reverse order. Which cluster is the caller's choice: the command line
 * starts the embedded broker first when none is given.
 */
public final class CoordinatorServer implements AutoCloseable {

    private final CoordinatorRuntime runtime;
    private final RequestPublisher publisher;
    private final CoordinatorApi api;

    private CoordinatorServer(CoordinatorRuntime runtime, RequestPublisher publisher, CoordinatorApi api) {
        this.runtime = runtime;
        this.publisher = publisher;
        this.api = api;
    }

    /**
     * Starts a node.
     *
     * @param bootstrapServers the Kafka cluster
     * @param http where the API listens (port 0: any free port)
     * @param configure adjusts the default configuration (topics, partitions, instance id)
     */
    public static CoordinatorServer start(String bootstrapServers, InetSocketAddress http,
                                          UnaryOperator<CoordinatorConfig> configure) throws IOException, InterruptedException {
        return start(bootstrapServers, http, configure, () -> true);
    }

    /** As above, for the elected instance of several: {@code mayWrite} is its election's verdict. */
    public static CoordinatorServer start(String bootstrapServers, InetSocketAddress http,
                                          UnaryOperator<CoordinatorConfig> configure,
                                          java.util.function.BooleanSupplier mayWrite)
            throws IOException, InterruptedException {
        CoordinatorRuntime runtime = null;
        RequestPublisher publisher = null;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            CoordinatorConfig config = configure.apply(CoordinatorConfig.defaults(bootstrapServers));
            runtime = CoordinatorRuntime.start(config, registry, Duration.ofSeconds(120), mayWrite);
            publisher = new RequestPublisher(bootstrapServers, config.topics());
            CoordinatorApi api = new CoordinatorApi(http, runtime, publisher, registry);
            return new CoordinatorServer(runtime, publisher, api);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            }
            if (runtime != null) {
                runtime.close();
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

    @Override
    public void close() {
        api.close();
        publisher.close();
        runtime.close();
    }
}
