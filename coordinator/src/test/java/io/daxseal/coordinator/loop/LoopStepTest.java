package io.daxseal.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The loop's step without a broker: a scripted reader and a toy machine with one lease per agent.
 * A record's payload names the agent whose heartbeat it is; a heartbeat decided at {@code t}
 * renews that agent's lease to {@code t + TTL}; a lease fires at its end + 1 and expires the agent.
 */
class LoopStepTest {

    private static final long TTL = 1000;
    private static final LogPartition A0 = LogPartition.agent(0);
    private static final LogPartition I0 = LogPartition.inode(0);

    /** A toy machine and a scripted reader. */
    private static final class Toy implements LoopStep.Io<String> {
        final TreeMap<String, Long> leaseEnds = new TreeMap<>();
        final List<String> log = new ArrayList<>();
        final Map<LogPartition, Long> positions = new HashMap<>();
        final Set<LogPartition> partitions = new LinkedHashSet<>(List.of(A0, I0));
        final List<CompletableFuture<Map<LogPartition, Long>>> asked = new ArrayList<>();
        final List<Long> stalls = new ArrayList<>();
        long clock;

        @Override
        public OptionalLong nextTimerAt() {
            return leaseEnds.values().stream().mapToLong(end -> end + 1).min();
        }

        @Override
        public long clock() {
            return clock;
        }

        @Override
        public void decide(Map<LogPartition, List<Polled<String>>> records, long at) {
            clock = Math.max(clock, at);
            leaseEnds.entrySet().removeIf(e -> {
                if (e.getValue() + 1 <= at) {
                    log.add("expired " + e.getKey() + " at " + at);
                    return true;
                }
                return false;
            });
            records.forEach((where, list) -> list.forEach(p -> {
                leaseEnds.computeIfPresent(p.what(), (agent, end) -> at + TTL);
                log.add(p.what() + "@" + p.offset() + " at " + at);
            }));
        }

        @Override
        public Set<LogPartition> partitions() {
            return partitions;
        }

        @Override
        public long position(LogPartition partition) {
            return positions.getOrDefault(partition, 0L);
        }

        @Override
        public CompletableFuture<Map<LogPartition, Long>> endOffsets() {
            CompletableFuture<Map<LogPartition, Long>> f = new CompletableFuture<>();
            asked.add(f);
            return f;
        }

        @Override
        public void stalled(long ms) {
            stalls.add(ms);
        }

        /** Records read: the positions move past them, as a consumer's do. */
        List<Polled<String>> read(Polled<String>... records) {
            for (Polled<String> p : records) {
                positions.merge(p.where(), p.offset() + 1, Math::max);
            }
            return List.of(records);
        }

        void answer(long agentEnd, long inodeEnd) {
            asked.get(asked.size() - 1).complete(Map.of(A0, agentEnd, I0, inodeEnd));
        }
    }

    private static Polled<String> hb(LogPartition where, long offset, long appendedAt, String agent) {
        return new Polled<>(where, offset, appendedAt, agent);
    }

    private final Toy toy = new Toy();
    private final LoopStep<String> step = new LoopStep<>(toy, 1000, 100, "test");

    @Test
    void withNoTimerDueWhatIsReadIsDecidedAtTheReadTime() {
        step.step(toy.read(hb(A0, 0, 10, "x"), hb(I0, 0, 11, "y")), 20, 100);
        assertThat(toy.log).containsExactly("x@0 at 20", "y@0 at 20");
        assertThat(toy.asked).as("no timer due: the broker is not asked").isEmpty();
        assertThat(step.held()).isZero();
    }

    @Test
    void aHeartbeatAppendedByTheDueTimeIsDecidedFirstAndTheLeaseLives() {
        toy.leaseEnds.put("a", 1000L); // fires at 1001
        // Read late (at 1500): one heartbeat appended at 990 (in time), one at 1400.
        step.step(toy.read(hb(A0, 0, 990, "a"), hb(A0, 1, 1400, "a")), 1500, 100);

        assertThat(toy.log).containsExactly("a@0 at 1000", "a@1 at 1500");
        assertThat(toy.leaseEnds).containsEntry("a", 2500L);
        assertThat(toy.asked).as("its lease moved past the read time: no timer waited").isEmpty();
    }

    @Test
    void aDueTimerWaitsForTheBrokersAnswerThenForTheReadsToReachIt() {
        toy.leaseEnds.put("dead", 1000L);
        toy.positions.put(I0, 5L);
        step.step(toy.read(hb(A0, 0, 1200, "other")), 1500, 100);

        assertThat(toy.log).as("the record after the due time is held").isEmpty();
        assertThat(step.waiting()).isTrue();
        assertThat(step.pollTimeout(1500)).isEqualTo(LoopStep.SETTLING_POLL_MS);
        assertThat(toy.asked).hasSize(1);

        step.step(List.of(), 1502, 2); // no answer yet: wait, and do not ask again
        assertThat(toy.log).isEmpty();
        assertThat(toy.asked).hasSize(1);

        toy.answer(1, 7); // inode-0 has two records unread: they may have been appended in time
        step.step(List.of(), 1504, 2);
        assertThat(toy.log).isEmpty();
        assertThat(toy.asked).as("a complete answer is not asked again: the reads must catch up").hasSize(1);

        step.step(toy.read(hb(I0, 5, 999, "x"), hb(I0, 6, 1300, "y")), 1506, 2);
        assertThat(toy.log).containsExactly("x@5 at 1000", "expired dead at 1001", "other@0 at 1506", "y@6 at 1506");
        assertThat(step.waiting()).isFalse();
        assertThat(step.held()).isZero();
    }

    @Test
    void aFailedOrStaleAnswerIsAskedAgain() {
        toy.leaseEnds.put("dead", 1000L);
        step.step(List.of(), 1500, 100);
        toy.asked.get(0).completeExceptionally(new RuntimeException("broker away"));
        step.step(List.of(), 1502, 2);
        assertThat(toy.asked).as("failed: asked again").hasSize(2);
        toy.answer(0, 0);
        step.step(List.of(), 1504, 2);
        assertThat(toy.log).containsExactly("expired dead at 1001");

        // A new lease, due after the time the last answer was asked: that answer is stale for it.
        toy.leaseEnds.put("late", 1600L);
        step.step(List.of(), 1700, 100);
        assertThat(toy.asked).as("stale: asked again").hasSize(3);
        assertThat(toy.log).containsExactly("expired dead at 1001");
    }

    @Test
    void afterALongStallEachDueTimeComesInTurnSoHeartbeatsInTimeKeepTheirLeaseAndADeadAgentExpires() {
        toy.leaseEnds.put("alive", 1000L);
        toy.leaseEnds.put("dead", 1000L);
        step.step(List.of(), 0, 100);
        // The loop stalled from 0 to 10,000. "alive" heartbeated every 500 ms throughout; "dead" stopped.
        List<Polled<String>> beats = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            beats.add(hb(A0, i, 500L * i + 400, "alive"));
        }
        step.step(toy.read(beats.toArray(Polled[]::new)), 10_000, 100);
        assertThat(toy.stalls).containsExactly(9_900L);
        assertThat(toy.log).as("nothing fires before the broker says where inode-0 ends")
                .noneMatch(l -> l.startsWith("expired"));
        toy.answer(20, 0);
        step.step(List.of(), 10_002, 2);

        assertThat(toy.log).contains("expired dead at 1001").noneMatch(l -> l.startsWith("expired alive"));
        assertThat(toy.log.indexOf("expired dead at 1001")).as("after the heartbeats appended by its due time")
                .isGreaterThan(toy.log.indexOf("alive@1 at 1000"));
        assertThat(toy.leaseEnds).containsOnlyKeys("alive");
    }

    @Test
    void behindARecordAppendedLaterItsPartitionWaitsInOrder() {
        toy.leaseEnds.put("dead", 1000L);
        step.step(toy.read(hb(A0, 0, 1200, "late"), hb(A0, 1, 900, "clock-went-back")), 1500, 100);
        assertThat(toy.log).as("the second record is never decided before the first").isEmpty();
        toy.answer(2, 0);
        step.step(List.of(), 1502, 2);
        assertThat(toy.log).containsExactly("expired dead at 1001", "late@0 at 1502", "clock-went-back@1 at 1502");
    }

    @Test
    void aStallIsReportedOnlyPastTheThresholdAndALoadForgetsWhatWasHeld() {
        step.step(List.of(), 1000, 100);
        step.step(List.of(), 1150, 100); // 50 ms past its wait
        step.step(List.of(), 3000, 100); // 1750 past
        assertThat(toy.stalls).containsExactly(1750L);

        toy.leaseEnds.put("dead", 3000L);
        step.step(toy.read(hb(A0, 0, 3500, "x")), 3600, 100);
        assertThat(step.held()).isEqualTo(1);
        step.reset(3700);
        assertThat(step.held()).isZero();
        assertThat(step.waiting()).isFalse();
    }

    @Test
    void theReadWaitsUntilTheNextTimerAndNoLongerThanTheMaximum() {
        assertThat(step.pollTimeout(0)).isEqualTo(100);
        toy.leaseEnds.put("a", 1000L);
        assertThat(step.pollTimeout(960)).isEqualTo(41);
        assertThat(step.pollTimeout(2000)).isZero();
    }
}
