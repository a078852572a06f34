package io.daxseal.benchmarks.compare;

import java.nio.file.Files;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;

/**
 * ZooKeeper 3.9 in this process (Curator's {@code TestingServer}, which fsyncs every write as a
 * production server does). A claim is an ephemeral sequential node (tied to the client's session);
 * its sequence number is the fencing token; releasing deletes it.
 */
final class ZooKeeperSystem implements LockSystem {

    private final TestingServer server;

    ZooKeeperSystem() throws Exception {
        server = new TestingServer(-1, Files.createTempDirectory("cmp-zk").toFile(), true);
    }

    @Override
    public String name() {
        return "ZooKeeper";
    }

    @Override
    public Client client(int index) throws Exception {
        CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs(10_000).connectionTimeoutMs(5_000).retryPolicy(new RetryNTimes(3, 100)).build();
        curator.start();
        curator.blockUntilConnected();
        String prefix = "/claims/key-" + index + "-";
        return new Client() {
            private String held;

            @Override
            public long acquire() throws Exception {
                held = curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                        .forPath(prefix);
                return Long.parseLong(held.substring(held.length() - 10));
            }

            @Override
            public void release() throws Exception {
                curator.delete().forPath(held);
            }

            @Override
            public void close() {
                curator.close();
            }
        };
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
