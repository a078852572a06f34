package io.daxseal.cli;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.daemon.AgentDaemon;
import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.events.Topics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.daxseal.kafka.KafkaReachability;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code daxseal agent}: run the node agent daemon with its local HTTP API. */
@Command(mixinStandardHelpOptions = true, name = "agent",
        description = {"Run the node agent daemon for this host.",
            "It registers, heartbeats, and serves a local HTTP API through which a file server requests and releases",
            "seals and reads recalls (see README). A second agent on one host needs its own --http-port."})
final class AgentCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent-id", required = true, paramLabel = "ID", description = "This host's agent id.")
    String agentId;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT,...",
            description = "Kafka (the coordinator prints its address; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--ttl", defaultValue = "3s", converter = DurationConverter.class,
            description = "Lease time asked for (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--http-port", defaultValue = "7071", description = "Local API port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--topic-prefix", defaultValue = "daxseal.", paramLabel = "PREFIX",
            description = "Prefix of the topic names, as the coordinator's (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keeps the last incarnation across restarts (default: the wall clock only).")
    Path stateDir;

    @Option(names = "--on-recall", defaultValue = "notify", paramLabel = "notify|release|ignore",
            converter = OnRecallConverter.class,
            description = {"notify: put recalls in GET /events for the file server to answer (default);",
                "release: release recalled seals at once; ignore: never release (the break timeout decides)."})
    AgentDaemon.OnRecall onRecall;

    @Option(names = "--record-file", paramLabel = "FILE",
            description = "Append the agent's own account (acknowledged events, registrations, revocations) to FILE, "
                    + "for 'daxseal check --records'.")
    Path recordFile;

    static final class OnRecallConverter implements CommandLine.ITypeConverter<AgentDaemon.OnRecall> {
        @Override
        public AgentDaemon.OnRecall convert(String value) {
            try {
                return AgentDaemon.OnRecall.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of notify, release, ignore");
            }
        }
    }

    @Option(names = "--connect-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to try to reach the Kafka cluster at start before giving up (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Override
    public Integer call() throws Exception {
        AgentConfig.Builder b = AgentConfig.builder(agentId, bootstrapServers).topics(Topics.withPrefix(topicPrefix))
                .ttlMs(ttl.toMillis());
        LocalRecordFile records = null;
        if (recordFile != null) {
            records = LocalRecordFile.open(recordFile, agentId, java.time.InstantSource.system());
            b.recorder(records);
        }
        if (stateDir != null) {
            b.incarnationFile(stateDir.resolve(agentId + ".incarnation"));
        }
        AgentConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            KafkaReachability.await(bootstrapServers, connectTimeout, line -> {
                err.println("daxseal agent: " + line);
                err.flush();
            });
        } catch (IllegalStateException e) {
            err.println("daxseal agent: " + e.getMessage());
            return DaxsealCli.EXIT_USAGE;
        }
        AgentDaemon daemon;
        try {
            daemon = AgentDaemon.start(config, new InetSocketAddress("127.0.0.1", httpPort), onRecall);
        } catch (java.net.BindException e) {
            err.println("daxseal agent: " + e.getMessage() + " (--http-port; a second agent on this host needs its own)");
            return DaxsealCli.EXIT_USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("daxseal agent " + agentId + "#" + daemon.agent().incarnation()
                + " is running; local API: " + daemon.url());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
