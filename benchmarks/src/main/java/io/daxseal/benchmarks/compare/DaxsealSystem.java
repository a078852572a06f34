package io.daxseal.benchmarks.compare;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.events.Inode;
import io.daxseal.events.Range;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * daxseal on its embedded broker (one KRaft node in this process; it does not fsync each write, as
 * ZooKeeper and etcd do) with one coordinator. A claim is a pin by a node agent (tied to the agent's
 * lease); the grant's token is the fencing token; releasing publishes {@code seal.released}. The
 * cycle is the one a storage server's RDMA registration makes.
 */
final class DaxsealSystem implements LockSystem {

    private final EmbeddedKafka kafka;
    private final CoordinatorRuntime coordinator;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    DaxsealSystem() throws Exception {
        kafka = EmbeddedKafka.start(Files.createTempDirectory("cmp-daxseal"));
        coordinator = CoordinatorRuntime.start(CoordinatorConfig.defaults(kafka.bootstrapServers()), registry,
                Duration.ofSeconds(60));
    }

    /**
     * The broker's requests by kind since the last call, per cycle: where a cycle's round trips go.
     * Read from the broker's own request metrics (it runs in this process).
     */
    Map<String, Long> brokerRequests() {
        Map<String, Long> now = new TreeMap<>();
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName name : server.queryNames(
                    new javax.management.ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                now.merge(name.getKeyProperty("request"), (Long) server.getAttribute(name, "Count"), Long::sum);
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("the broker's request metrics could not be read: " + e, e);
        }
        Map<String, Long> delta = new TreeMap<>();
        now.forEach((k, v) -> delta.put(k, v - lastRequests.getOrDefault(k, 0L)));
        lastRequests = now;
        return delta;
    }

    private Map<String, Long> lastRequests = new TreeMap<>();

    /** The coordinator's own view of the run: where its time went. */
    String coordinatorReport() {
        StringBuilder s = new StringBuilder();
        registry.getMeters().stream().sorted(java.util.Comparator.comparing(m -> m.getId().getName())).forEach(m -> {
            String name = m.getId().getName();
            if (name.startsWith("daxseal.transactions") || name.startsWith("daxseal.commit")
                    || name.startsWith("daxseal.decision.latency") || name.startsWith("daxseal.events.read")
                    || name.startsWith("daxseal.coordinator") || name.startsWith("daxseal.polls")) {
                StringBuilder values = new StringBuilder();
                m.measure().forEach(x -> values.append(' ').append(x.getStatistic().name().toLowerCase())
                        .append('=').append(String.format("%.3f", x.getValue())));
                s.append(String.format("  %s%s:%s%n", name, m.getId().getTags(), values));
            }
        });
        return s.toString();
    }

    @Override
    public String name() {
        return "daxseal";
    }

    @Override
    public Client client(int index) throws Exception {
        NodeAgent agent = NodeAgent.start(AgentConfig.builder("cmp-" + index, kafka.bootstrapServers()).build(),
                RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
        Inode inode = new Inode("cmp", index, 1);
        return new Client() {
            private HeldSeal held;

            @Override
            public long acquire() throws Exception {
                held = agent.pin(inode, new Range(0, 4096), ProcessRefs.self()).get(10, TimeUnit.SECONDS);
                return held.token();
            }

            @Override
            public void release() throws Exception {
                agent.release(held).get(10, TimeUnit.SECONDS);
            }

            @Override
            public void close() {
                agent.close();
            }
        };
    }

    @Override
    public void close() {
        coordinator.close();
        kafka.close();
    }
}
