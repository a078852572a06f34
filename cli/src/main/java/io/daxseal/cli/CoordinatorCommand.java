package io.daxseal.cli;

import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.coordinator.failover.FailoverSupervisor;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.events.Topics;
import io.daxseal.kafka.KafkaReachability;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal coordinator}: run a coordinator, on the embedded broker unless a cluster is given. */
@Command(mixinStandardHelpOptions = true, name = "coordinator",
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
            description = "Partitions of agent-log when created (default: ${DEFAULT-VALUE}), and of agent-inbox (at least 32).")
    int agentPartitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Of the topics it creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--instance-id", defaultValue = "0",
            description = "This instance's name, the key of its journal entries (default: ${DEFAULT-VALUE}).")
    String instanceId;

    @Option(names = "--failover",
            description = {"Run as one of several coordinators of the same log (needs --bootstrap-servers): the",
                "instances elect one that decides; the others stand by and take over when it dies or stalls past",
                "--session-timeout. The API listens only while this instance decides."})
    boolean failover;

    @Option(names = "--session-timeout", defaultValue = "6s", converter = DurationConverter.class,
            description = "With --failover: how long the deciding instance may be silent before another takes over; "
                    + "at least the broker's group.min.session.timeout.ms (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--retention", defaultValue = "7d", converter = DurationConverter.class,
            description = "How long the topics it creates keep records (retention.ms); restarts load the newest "
                    + "snapshot, so they do not need the whole log (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(names = "--snapshot-every", defaultValue = "10m", converter = DurationConverter.class,
            description = "Write a snapshot of the state at least this often (default: ${DEFAULT-VALUE}).")
    Duration snapshotEvery;

    @Option(names = "--snapshot-every-decisions", defaultValue = "100000", paramLabel = "N",
            description = "Write a snapshot after this many decisions, if sooner (default: ${DEFAULT-VALUE}).")
    long snapshotEveryDecisions;

    @Option(names = "--connect-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to try to reach the Kafka cluster at start before giving up (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    private UnaryOperator<CoordinatorConfig> configure() {
        return c -> c.withTopics(Topics.withPrefix(topicPrefix)).withPartitions(inodePartitions, agentPartitions)
                .withReplicationFactor(replicationFactor).withInstanceId(instanceId).withRetention(retention)
                .withSnapshots(new CoordinatorConfig.SnapshotPolicy(snapshotEveryDecisions, snapshotEvery));
    }

    @Override
    public Integer call() throws Exception {
        try {
            configure().apply(CoordinatorConfig.defaults("127.0.0.1:9092")); // the values, before anything starts
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (failover) {
            if (bootstrapServers == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--failover needs --bootstrap-servers: instances that fail over must share a Kafka cluster "
                                + "(start one with 'daxseal broker')");
            }
            return reachable() ? runWithFailover() : DaxsealCli.EXIT_USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (bootstrapServers != null && !reachable()) {
            return DaxsealCli.EXIT_USAGE;
        }
        EmbeddedKafka embedded = bootstrapServers == null ? EmbeddedKafka.start(dataDir) : null;
        String bootstrap = embedded == null ? bootstrapServers : embedded.bootstrapServers();
        CoordinatorServer server;
        try {
            server = CoordinatorServer.start(bootstrap, new InetSocketAddress(httpHost, httpPort), configure());
        } catch (Exception e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            stop(server, embedded);
            stopped.countDown();
        }));
        out.println("daxseal coordinator " + instanceId + " is running");
        out.println("  kafka:  " + server.bootstrapServers()
                + (embedded != null ? "  (embedded broker, data in " + dataDir.toAbsolutePath() + ")" : ""));
        out.println("  agents: ./daxseal agent --agent-id ID --bootstrap-servers " + server.bootstrapServers());
        out.println("  api:    " + server.apiUrl() + "  (GET /seals /agents /health /metrics, POST /ops)");
        out.flush();
        while (server.runtime().running()) {
            if (stopped.await(500, TimeUnit.MILLISECONDS)) {
                return 0;
            }
        }
        if (stopping.get()) {
            stopped.await(15, TimeUnit.SECONDS); // asked to stop (Ctrl-C, SIGTERM): the hook is closing everything
            return 0;
        }
        spec.commandLine().getErr().println("daxseal coordinator: stopped: " + server.runtime().failure());
        stop(server, embedded);
        return DaxsealCli.EXIT_USAGE;
    }

    /** Whether the cluster answers within --connect-timeout; says what it tries, and why it gives up. */
    private boolean reachable() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            KafkaReachability.await(bootstrapServers, connectTimeout, line -> {
                err.println("daxseal coordinator: " + line);
                err.flush();
            });
            return true;
        } catch (IllegalStateException e) {
            err.println("daxseal coordinator: " + e.getMessage());
            return false;
        }
    }

    private static void stop(CoordinatorServer server, EmbeddedKafka embedded) {
        server.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * One instance of a failover group ({@link FailoverSupervisor}); prints each change of role. The
     * chaos harness tells the instances apart by asking their health endpoints, not by these lines.
     */
    private int runWithFailover() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CoordinatorConfig config = configure().apply(CoordinatorConfig.defaults(bootstrapServers));
        InetSocketAddress http = new InetSocketAddress(httpHost, httpPort);
        FailoverSupervisor supervisor = new FailoverSupervisor(config, sessionTimeout,
                mayWrite -> CoordinatorServer.start(bootstrapServers, http, configure(), mayWrite),
                change -> say(out, "daxseal coordinator " + instanceId + switch (change.role()) {
                    case ACTIVE -> " is active; " + change.detail();
                    case STANDING_BY -> " stands by (" + change.detail() + ")";
                    case STOPPED -> " stopped";
                }));
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close));
        supervisor.run();
        return 0;
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
