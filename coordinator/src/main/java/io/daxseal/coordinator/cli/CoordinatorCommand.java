package io.daxseal.coordinator.cli;

import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.events.Topics;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal coordinator}: run a coordinator, on the embedded broker unless a cluster is given. */
@Command(name = "coordinator",
        description = {
            "Run the coordinator: read agents' and requesters' events from Kafka, decide, and append the decisions.",
            "Without --bootstrap-servers it starts a Kafka broker in this process (data under --data-dir) and prints",
            "its address for agents. Serves the HTTP API (seals, agents, operations, health, metrics). Ctrl-C stops it."
        })
final class CoordinatorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "An existing Kafka cluster. Default: an embedded broker.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "daxseal-data",
            description = "The embedded broker's data; a restart on it keeps everything (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "API address (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "7070", description = "API port, 0 for any (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--topic-prefix", defaultValue = "daxseal.",
            description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--inode-partitions", defaultValue = "8", description = "Partitions of inode-log when created (default: ${DEFAULT-VALUE}).")
    int inodePartitions;

    @Option(names = "--agent-partitions", defaultValue = "4",
            description = "Partitions of agent-log and agent-inbox when created (default: ${DEFAULT-VALUE}).")
    int agentPartitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Of the topics it creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--instance-id", defaultValue = "0",
            description = "This instance's name; its transactional id is daxseal-coordinator-<id> (default: ${DEFAULT-VALUE}).")
    String instanceId;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CoordinatorServer server = CoordinatorServer.start(bootstrapServers, dataDir,
                new InetSocketAddress(httpHost, httpPort),
                c -> c.withTopics(Topics.withPrefix(topicPrefix)).withPartitions(inodePartitions, agentPartitions)
                        .withReplicationFactor(replicationFactor).withInstanceId(instanceId));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("daxseal coordinator " + instanceId + " is running");
        out.println("  kafka:  " + server.bootstrapServers()
                + (server.embedded() ? "  (embedded broker, data in " + dataDir.toAbsolutePath() + ")" : ""));
        out.println("  agents: ./daxseal agent --agent-id ID --bootstrap-servers " + server.bootstrapServers());
        out.println("  api:    " + server.apiUrl() + "  (GET /seals /agents /health /metrics, POST /ops)");
        out.flush();
        while (server.runtime().running()) {
            if (stopped.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return 0;
            }
        }
        spec.commandLine().getErr().println("daxseal coordinator: stopped: " + server.runtime().failure());
        server.close();
        return DaxsealCli.EXIT_USAGE;
    }
}
