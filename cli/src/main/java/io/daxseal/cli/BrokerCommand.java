package io.daxseal.cli;

import io.daxseal.broker.ClusterNode;
import io.daxseal.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal broker}: the embedded Kafka broker on its own, for several coordinators and for chaos runs. */
@Command(mixinStandardHelpOptions = true, name = "broker",
        description = {"Run daxseal's embedded Kafka broker on its own, in the foreground.",
            "Alone: one KRaft node on 127.0.0.1, for coordinators started with --bootstrap-servers. A restart on the",
            "same --data-dir keeps every acknowledged record, the cluster id and the port. Ctrl-C stops it cleanly.",
            "In a cluster (--node-id, --cluster-id and --voters, e.g. one per container): every node is a broker and",
            "a controller; with three or more, Kafka's own topics keep 3 copies and every topic needs 2 in sync."})
final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "daxseal-broker",
            description = "The broker's data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--node-id", paramLabel = "N", description = "This node's id in a cluster (one of --voters).")
    Integer nodeId;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "The cluster's id, the same on every node (22 characters of URL-safe base64).")
    String clusterId;

    @Option(names = "--voters", paramLabel = "ID@HOST:PORT,...",
            description = "The controller quorum, the same on every node: each node's id and controller address.")
    String voters;

    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "In a cluster: the address to listen on (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "In a cluster: the clients' port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "9093",
            description = "In a cluster: the controllers' port, the one --voters names (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--advertised-host", paramLabel = "HOST",
            description = "In a cluster: the name clients and the other nodes reach this one by (e.g. its container's).")
    String advertisedHost;

    @Override
    public Integer call() throws Exception {
        boolean cluster = nodeId != null || clusterId != null || voters != null || advertisedHost != null;
        ClusterNode node = null;
        if (!cluster) {
            for (String clusterOnly : new String[] {"--listen-host", "--port", "--controller-port"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(clusterOnly)) {
                    spec.commandLine().getErr().println("daxseal broker: " + clusterOnly + " is for a cluster node (with "
                            + "--node-id, --cluster-id, --voters and --advertised-host); a broker alone listens on "
                            + "127.0.0.1 on ports it picks and keeps in --data-dir");
                    return DaxsealCli.EXIT_USAGE;
                }
            }
        } else {
            if (nodeId == null || clusterId == null || voters == null || advertisedHost == null) {
                spec.commandLine().getErr().println("daxseal broker: a cluster node needs --node-id, --cluster-id, --voters "
                        + "and --advertised-host together (or none of them, for one node alone)");
                return DaxsealCli.EXIT_USAGE;
            }
            try {
                node = new ClusterNode(nodeId, clusterId, voters, listenHost, port, controllerPort, advertisedHost);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("daxseal broker: " + e.getMessage());
                return DaxsealCli.EXIT_USAGE;
            }
        }
        EmbeddedKafka kafka;
        try {
            kafka = node == null ? EmbeddedKafka.start(dataDir) : EmbeddedKafka.startNode(dataDir, node);
        } catch (java.io.IOException | org.apache.kafka.common.KafkaException e) {
            // A data directory it cannot use, a port taken, an address it cannot listen on: say which, plainly.
            spec.commandLine().getErr().println("daxseal broker: cannot start on --data-dir " + dataDir
                    + (node == null ? "" : " as node " + node.nodeId() + " listening on " + node.listenHost() + ":"
                    + node.brokerPort() + " and :" + node.controllerPort()) + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
            return DaxsealCli.EXIT_USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("daxseal broker is ready at " + kafka.bootstrapServers()
                + " (data in " + dataDir.toAbsolutePath() + ")");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
