package io.daxseal.coordinator.live;

import io.daxseal.coordinator.runtime.TopicSetup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.failover.CoordinatorElection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordinators' election on a real broker: one leader, a quick handover, no needless failover. */
class CoordinatorElectionLiveTest {

    @Test
    @Timeout(90)
    void exactlyOneLeadsTheOtherTakesOverAndARejoiningStandbyDoesNotTakeItAway() throws Exception {
        try (LiveCluster c = new LiveCluster()) {
            CoordinatorConfig config = c.config();
            TopicSetup.ensure(config, Duration.ofSeconds(30));
            Duration session = Duration.ofSeconds(2);
            CoordinatorElection a = new CoordinatorElection(config.withInstanceId("a"), session);
            CoordinatorElection b = new CoordinatorElection(config.withInstanceId("b"), session);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> a.leading() || b.leading());
                Thread.sleep(1000); // settled
                assertThat(List.of(a.leading(), b.leading())).containsExactlyInAnyOrder(true, false);
                CoordinatorElection leader = a.leading() ? a : b;
                CoordinatorElection standby = leader == a ? b : a;

                // A third instance joins: the leader keeps the log (cooperative sticky assignment).
                try (CoordinatorElection third = new CoordinatorElection(config.withInstanceId("c"), session)) {
                    long until = System.currentTimeMillis() + 3000;
                    while (System.currentTimeMillis() < until) {
                        assertThat(leader.leading()).as("the leader never lets go while a standby joins").isTrue();
                        assertThat(third.leading()).isFalse();
                        Thread.sleep(20);
                    }
                }

                leader.close(); // leaves the group: the standby is elected without waiting for a session timeout
                assertThat(standby.awaitLeadership()).isTrue();
                assertThat(standby.leading()).isTrue();
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
