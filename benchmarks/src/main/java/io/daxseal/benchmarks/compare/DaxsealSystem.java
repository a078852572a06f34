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

    DaxsealSystem() throws Exception {
        kafka = EmbeddedKafka.start(Files.createTempDirectory("cmp-daxseal"));
        coordinator = CoordinatorRuntime.start(CoordinatorConfig.defaults(kafka.bootstrapServers()),
                new SimpleMeterRegistry(), Duration.ofSeconds(60));
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
