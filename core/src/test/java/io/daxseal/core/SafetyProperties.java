package io.daxseal.core;

import io.daxseal.core.check.SafetyModel;
import io.daxseal.events.SealGranted;
import java.util.HashSet;
import java.util.Set;
import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import io.daxseal.events.OpRejected;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

/**
 * S1–S4 of PROTOCOL.md over random input sequences: the independent safety model ({@link SafetyModel}, also used by {@code daxseal check}) reads the decided log
 * (S1, S2, S3), and replaying or re-deciding the log reproduces the state and the decisions (S4).
 */
class SafetyProperties {

    /** Decides the inputs, checking the safety model's live seals against the machine's after each. */
    private static List<Event> decide(List<Input> inputs, SealMachine machine, SafetyModel model) {
        List<Event> log = new ArrayList<>();
        Simulator sim = new Simulator(machine, Simulator.Sink.of(event -> {
            if (event instanceof Input) {
                model.endStep(); // the previous input's (or timers') decisions are all in
            }
            log.add(event);
            model.accept(event, "event " + log.size());
        }));
        for (Input input : inputs) {
            sim.offer(input);
            // S2: what the machine holds live is exactly what explicit events left live.
            assertThat(liveNames(machine.snapshot())).isEqualTo(liveNames(model));
            assertBoundedByWhatIsLive(machine, model);
        }
        sim.advanceTo(machine.clock() + 700_000); // let every lease and deadline run out
        model.endStep();
        assertThat(liveNames(machine.snapshot())).isEqualTo(liveNames(model));
        assertBoundedByWhatIsLive(machine, model);
        return log;
    }

    /**
     * Rule 13: the machine remembers the inodes with a live seal or an unfinished operation (as the
     * independent model counts them) and nothing else, one incarnation per agent, and no request
     * left undecided.
     */
    private static void assertBoundedByWhatIsLive(SealMachine machine, SafetyModel model) {
        Set<io.daxseal.events.Inode> live = new HashSet<>();
        model.liveSeals().forEach(s -> live.add(s.seal().inode()));
        model.unfinishedOps().forEach(o -> live.add(o.inode()));
        Footprint f = machine.footprint();
        assertThat(f.inodes()).isEqualTo(live.size());
        assertThat(f.incarnations()).isLessThanOrEqualTo(f.agents());
        assertThat(f.undecidedRequests()).isZero();
        assertThat(f.liveSeals()).isEqualTo(model.liveSeals().size());
        assertThat(f.unfinishedOps()).isEqualTo(model.unfinishedOps().size());
    }

    /** The live seals as the state machine's snapshot names them. */
    private static Set<String> liveNames(StateSnapshot snapshot) {
        Set<String> names = new HashSet<>();
        for (var inode : snapshot.inodes()) {
            for (var s : inode.seals()) {
                names.add(inode.inode() + "/" + s.agent() + "#" + s.incarnation() + "/" + s.seal());
            }
        }
        return names;
    }

    /** The live seals as the independent model names them. */
    private static Set<String> liveNames(SafetyModel model) {
        Set<String> names = new HashSet<>();
        model.liveSeals().forEach(s -> names.add(s.toString()));
        return names;
    }

    @Property(tries = 1000)
    void s1s2s3HoldOnEveryDecidedLog(@ForAll @Size(min = 1, max = 200) List<Integer> codes) {
        SealMachine machine = new SealMachine();
        SafetyModel model = new SafetyModel();
        List<Event> log = decide(RandomInputs.decode(codes), machine, model);
        log.stream().filter(e -> e instanceof Decision).forEach(e -> {
            String label = e.type().wire();
            if (e instanceof SealBroken b) {
                label += "{" + b.cause() + "}";
            } else if (e instanceof SealDenied d) {
                label += "{" + d.reason() + "}";
            } else if (e instanceof OpRejected o) {
                label += "{" + o.reason() + "}";
            }
            Statistics.collect(label);
        });
        assertThat(model.s1()).isEmpty();
        assertThat(model.s2()).isEmpty();
        assertThat(model.s3()).isEmpty();
        assertThat(model.s7()).isEmpty();
        assertThat(model.grantsChecked()).isEqualTo(log.stream().filter(e -> e instanceof SealGranted).count());
        assertThat(machine.liveSealCount()).isZero(); // every lease ran out: nothing stays live
    }

    /** Three partitions, so that tokens of different inodes come from different counters. */
    private static final Partitioning THREE = RandomInputs.THREE_PARTITIONS;

    @Property(tries = 300)
    void s7TokensStrictlyIncreasePerInodeWhateverIsForgotten(@ForAll @Size(min = 1, max = 300) List<Integer> codes) {
        SealMachine machine = new SealMachine(THREE);
        SafetyModel model = new SafetyModel();
        List<Event> log = decide(RandomInputs.decode(codes), machine, model);
        assertThat(model.s7()).isEmpty();
        assertThat(model.s1()).isEmpty();
        Statistics.collect(log.stream().filter(e -> e instanceof SealGranted).count() > 3 ? "several grants" : "few grants");
    }

    @Property(tries = 300)
    void s4ReplayingTheDecidedLogGivesTheDecidingState(@ForAll @Size(min = 1, max = 200) List<Integer> codes)
            throws Exception {
        List<Input> inputs = RandomInputs.decode(codes);
        SealMachine machine = new SealMachine();
        List<Event> log = new ArrayList<>();
        Simulator sim = new Simulator(machine, sink(log));
        SealMachine replayed = new SealMachine();
        int replayedUpTo = 0;
        for (Input input : inputs) {
            sim.offer(input);
            for (; replayedUpTo < log.size(); replayedUpTo++) {
                replayed.replay(log.get(replayedUpTo));
            }
            // at every offset, not only at the end
            assertThat(replayed.digest()).isEqualTo(machine.digest());
        }
        assertThat(replayed.snapshot()).isEqualTo(machine.snapshot());
        assertThat(replayed.pendingTimers()).isEqualTo(machine.pendingTimers());
    }

    @Property(tries = 300)
    void s4ReDecidingALogsInputsGivesTheSameDecisions(@ForAll @Size(min = 1, max = 200) List<Integer> codes) {
        List<Input> inputs = RandomInputs.decode(codes);
        List<Event> first = new ArrayList<>();
        Simulator a = new Simulator(new SealMachine(), sink(first));
        inputs.forEach(a::offer);
        a.advanceTo(a.machine().clock() + 5000);

        List<Input> fromLog = first.stream().filter(e -> e instanceof Input).map(e -> (Input) e).toList();
        List<Event> second = new ArrayList<>();
        Simulator b = new Simulator(new SealMachine(), sink(second));
        fromLog.forEach(b::offer);
        b.advanceTo(b.machine().clock() + 5000);

        assertThat(second).isEqualTo(first);
        assertThat(b.machine().digest()).isEqualTo(a.machine().digest());
    }

    private static Simulator.Sink sink(List<Event> log) {
        return Simulator.Sink.of(log::add);
    }
}
