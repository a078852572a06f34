package io.daxseal.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import net.sourceforge.argparse4j.inf.Namespace;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker in this process: one node in KRaft combined mode (broker and controller),
 * listening on 127.0.0.1 only, its data under one directory. A restart on the same directory
 * keeps every acknowledged record, the cluster id and the ports, so clients that remember the
 * bootstrap address find it again.
 *
 * <p>On first start it picks two free ports and a cluster id and keeps them in
 * {@code daxseal-broker.properties} beside the data, then formats the storage. Settings are those
 * of a single-node cluster (replication factor and min ISR 1 for Kafka's internal topics), with
 * fast failure detection (broker session 3 s, heartbeat 0.5 s) so that a restart after a crash
 * is ready in seconds, and no automatic topic creation: daxseal creates its topics explicitly.
 */
public final class EmbeddedKafka implements AutoCloseable {

    static final String STATE_FILE = "daxseal-broker.properties";

    private final Path dataDir;
    private final String bootstrapServers;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, String bootstrapServers, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    /**
     * Starts a broker on {@code dataDir} (created if missing) and returns once it serves clients'
     * metadata requests.
     *
     * @throws IOException when the directory cannot be used, or its stored ports are taken
     */
    public static EmbeddedKafka start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Properties state = loadOrCreateState(dataDir);
        int brokerPort = Integer.parseInt(state.getProperty("broker.port"));
        int controllerPort = Integer.parseInt(state.getProperty("controller.port"));
        for (int port : new int[] {brokerPort, controllerPort}) {
            if (!isFree(port)) {
                throw new IOException("port " + port + " on 127.0.0.1, kept in " + dataDir.resolve(STATE_FILE)
                        + ", is in use: another broker may run on this directory. Stop it, or delete that file "
                        + "to pick new ports (clients must then use the new address).");
            }
        }
        Path logDir = dataDir.resolve("kafka");
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir, brokerPort, controllerPort), false);
        format(logDir, config, state.getProperty("cluster.id"));
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dataDir, "127.0.0.1:" + brokerPort, server);
    }

    /**
     * Starts one node of a multi-node KRaft cluster on {@code dataDir}: every node is a broker and a
     * controller, the quorum is {@code node.voters()}, and every node is formatted with the same
     * cluster id on its first start. Returns once the node serves; the cluster serves clients once a
     * majority of the voters runs.
     *
     * @throws IOException when the directory cannot be used
     */
    public static EmbeddedKafka startNode(Path dataDir, ClusterNode node) throws IOException {
        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("kafka");
        String listeners = "PLAINTEXT://" + node.listenHost() + ":" + node.brokerPort() + ",CONTROLLER://"
                + node.listenHost() + ":" + node.controllerPort();
        String advertised = "PLAINTEXT://" + node.advertisedHost() + ":" + node.brokerPort();
        KafkaConfig config = KafkaConfig.fromProps(nodeProperties(logDir, node.nodeId(), node.voters(), listeners,
                advertised, Math.min(3, node.voterCount())), false);
        format(logDir, config, node.clusterId());
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dataDir, node.advertisedHost() + ":" + node.brokerPort(), server);
    }

    /** Formats the storage once: formatting an already formatted directory with a new cluster id fails. */
    private static void format(Path logDir, KafkaConfig config, String clusterId) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Map<String, Object> args = new HashMap<>();
        args.put("standalone", false);
        args.put("cluster_id", clusterId);
        args.put("ignore_formatted", false);
        kafka.tools.StorageTool$.MODULE$.runFormatCommand(new Namespace(args), config,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** The address clients connect to: {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down cleanly and waits for it. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        return nodeProperties(logDir, 1, "1@127.0.0.1:" + controllerPort,
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "PLAINTEXT://127.0.0.1:" + brokerPort, 1);
    }

    /**
     * The settings of one node; {@code replicas} is how many copies Kafka's internal topics keep
     * (1 alone; 3 in a cluster of three or more, with at least 2 in sync for every topic).
     */
    static Properties nodeProperties(Path logDir, int nodeId, String voters, String listeners, String advertised,
                                     int replicas) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", listeners);
        p.put("advertised.listeners", advertised);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        String isr = Integer.toString(replicas >= 3 ? 2 : 1);
        p.put("min.insync.replicas", isr);
        p.put("default.replication.factor", Integer.toString(replicas));
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", Integer.toString(replicas));
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        p.put("transaction.state.log.min.isr", isr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        p.put("share.coordinator.state.topic.min.isr", isr);
        p.put("group.initial.rebalance.delay.ms", "0");
        // Coordinator failover (--failover) is as quick as the election group's session timeout allows.
        p.put("group.min.session.timeout.ms", "1000");
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        // The coordinator commits transactions back to back; a transaction's first write to a partition may wait
        // for the previous one's commit markers. Where the broker retries that itself, retry soon (markers take
        // about a millisecond here); no difference was measurable against the defaults (20/100 ms).
        p.put("add.partitions.to.txn.retry.backoff.ms", "1");
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "5");
        return p;
    }

    private static Properties loadOrCreateState(Path dataDir) throws IOException {
        Path file = dataDir.resolve(STATE_FILE);
        Properties state = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            }
            for (String key : new String[] {"broker.port", "controller.port", "cluster.id"}) {
                if (state.getProperty(key) == null) {
                    throw new IOException(file + " has no '" + key + "'; delete the file to start afresh");
                }
            }
            return state;
        }
        state.setProperty("broker.port", Integer.toString(freePort()));
        state.setProperty("controller.port", Integer.toString(freePort()));
        state.setProperty("cluster.id", Uuid.randomUuid().toString());
        try (OutputStream out = Files.newOutputStream(file)) {
            state.store(out, "daxseal embedded broker: ports and cluster id, kept across restarts");
        }
        return state;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
