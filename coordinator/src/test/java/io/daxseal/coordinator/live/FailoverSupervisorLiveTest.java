package io.daxseal.coordinator.live;

import io.daxseal.agent.NodeAgent;
import io.daxseal.coordinator.runtime.SnapshotCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.coordinator.failover.FailoverSupervisor;
import io.daxseal.coordinator.failover.Role;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two failover supervisors of one log on a real broker: exactly one runs a node and reports
 * {@code ACTIVE}; closing it hands the log to the other, which reports its role changes in order.
 */
class FailoverSupervisorLiveTest {

    private record Instance(FailoverSupervisor supervisor, List<FailoverSupervisor.RoleChange> changes, Thread thread) {
    }

    private static Instance start(LiveCluster c, String id) {
        CoordinatorConfig config = c.config().withInstanceId(id);
        List<FailoverSupervisor.RoleChange> changes = new CopyOnWriteArrayList<>();
        FailoverSupervisor s = new FailoverSupervisor(config, Duration.ofSeconds(2),
                mayWrite -> CoordinatorServer.start(c.bootstrap, new InetSocketAddress("127.0.0.1", 0),
                        cfg -> config, mayWrite),
                changes::add);
        Thread t = Thread.ofPlatform().daemon().name("supervisor-" + id).start(() -> {
            try {
                s.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Instance(s, changes, t);
    }

    @Test
    @Timeout(120)
    void oneIsActiveAndClosingItHandsOverToTheOther() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            Instance a = start(c, "a");
            Instance b = start(c, "b");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> a.supervisor().role() == Role.ACTIVE
                        || b.supervisor().role() == Role.ACTIVE);
                Thread.sleep(1500); // settled
                assertThat(List.of(a.supervisor().role(), b.supervisor().role()))
                        .containsExactlyInAnyOrder(Role.ACTIVE, Role.STANDING_BY);
                Instance active = a.supervisor().role() == Role.ACTIVE ? a : b;
                Instance standby = active == a ? b : a;
                assertThat(active.changes().get(active.changes().size() - 1).detail()).startsWith("api: http://127.0.0.1:");

                active.supervisor().close();
                assertThat(active.supervisor().role()).isEqualTo(Role.STOPPED);
                active.thread().join(10_000);
                assertThat(active.thread().isAlive()).as("run() returned after close()").isFalse();
                await().atMost(Duration.ofSeconds(60)).until(() -> standby.supervisor().role() == Role.ACTIVE);
                assertThat(standby.changes()).extracting(FailoverSupervisor.RoleChange::role)
                        .containsExactly(Role.STANDING_BY, Role.ACTIVE);
            } finally {
                a.supervisor().close();
                b.supervisor().close();
            }
        }
    }

    @Test
    @Timeout(120)
    void aLogWhoseBeginningIsGonePastEverySnapshotStopsTheSupervisorInsteadOfRetrying() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            c.startCoordinator(c.config().withSnapshots(new CoordinatorConfig.SnapshotPolicy(1, Duration.ofMillis(200))));
            NodeAgent agent = c.agent("gone");
            agent.pin(new io.daxseal.events.Inode("fs", 1, 1), new io.daxseal.events.Range(0, 1),
                    io.daxseal.agent.ProcessRefs.self()).get(20, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !SnapshotCatalog.list(c.bootstrap, c.topics).isEmpty());
            agent.close();
            c.stopCoordinator();
            c.deleteRecords(place -> null); // retention went past every snapshot: the whole log
            Instance s = start(c, "after-retention");
            s.thread().join(60_000);
            assertThat(s.thread().isAlive()).as("run() ended instead of retrying for ever").isFalse();
            assertThat(s.supervisor().role()).isEqualTo(Role.STOPPED);
            assertThat(s.changes()).extracting(FailoverSupervisor.RoleChange::role).doesNotContain(Role.ACTIVE);
        }
    }

    @Test
    void rolesMoveOnlyAsDocumented() {
        assertThat(Role.STANDING_BY.canMoveTo(Role.ACTIVE)).isTrue();
        assertThat(Role.ACTIVE.canMoveTo(Role.STANDING_BY)).isTrue();
        assertThat(Role.ACTIVE.canMoveTo(Role.STOPPED)).isTrue();
        assertThat(Role.STANDING_BY.canMoveTo(Role.STOPPED)).isTrue();
        assertThat(Role.STANDING_BY.canMoveTo(Role.STANDING_BY)).isFalse();
        assertThat(Role.STOPPED.canMoveTo(Role.ACTIVE)).isFalse();
        assertThat(Role.STOPPED.canMoveTo(Role.STANDING_BY)).isFalse();
    }
}
