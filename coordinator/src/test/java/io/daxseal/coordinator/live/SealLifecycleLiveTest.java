package io.daxseal.coordinator.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.events.Inode;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.events.SealRecalled;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Rules 2, 3 and 5 end to end on a real broker: grant, recall, cooperative release, grant of the operation. */
class SealLifecycleLiveTest {

    static final Inode INODE = new Inode("fs1", 42, 1);

    @Test
    void aTruncateRecallsAPinAndIsGrantedAfterTheCooperativeRelease() throws Exception {
        try (LiveCluster cluster = new LiveCluster().startCoordinator()) {
            NodeAgent agent = cluster.agent("host-a");
            HeldSeal seal = agent.pin(INODE, new Range(0, 4096), ProcessRefs.self()).get(20, TimeUnit.SECONDS);
            assertThat(seal.token()).isEqualTo(1);
            assertThat(agent.heldSeals()).containsExactly(seal);

            cluster.requester.request(new OpRequested(System.currentTimeMillis(), "t1", INODE, Range.toEndOfFile(0),
                    OpKind.TRUNCATE, OpPolicy.RECALL, 5000, "test")).get();
            SealRecalled recalled = cluster.await(SealRecalled.class, r -> r.op().equals("t1"));
            assertThat(recalled.seal()).isEqualTo(seal.seal());
            cluster.await(OpGranted.class, g -> g.op().equals("t1"));
            assertThat(agent.heldSeals()).isEmpty();
        }
    }
}
