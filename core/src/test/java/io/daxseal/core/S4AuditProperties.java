package io.daxseal.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.core.check.S4Audit;
import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import io.daxseal.events.SealGranted;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The one S4 auditor, fed both ways (a decided file; journal steps): it accepts every honestly
 * decided log, and finds a changed decision at its place.
 */
class S4AuditProperties {

    /** A decided log, and the same log cut into the steps a journal would record. */
    private record Decided(List<Event> log, List<List<Event>> steps) {
    }

    private static Decided decide(List<Input> inputs) {
        List<Event> log = new ArrayList<>();
        List<List<Event>> steps = new ArrayList<>();
        Simulator sim = new Simulator(new SealMachine(), Simulator.Sink.of(e -> {
            log.add(e);
            if (e instanceof Input || steps.isEmpty()) {
                steps.add(new ArrayList<>());
            }
            steps.get(steps.size() - 1).add(e);
        }));
        inputs.forEach(sim::offer);
        return new Decided(log, steps);
    }

    @Property(tries = 200)
    void aDecidedFileIsConsistent(@ForAll @Size(min = 1, max = 150) List<Integer> codes) {
        Decided d = decide(RandomInputs.decode(codes));
        S4Audit audit = new S4Audit();
        for (int i = 0; i < d.log().size(); i++) {
            assertThat(audit.accept("line " + (i + 1), d.log().get(i))).isTrue();
        }
        assertThat(audit.finishFile(true)).isNull();
        assertThat(audit.consistent()).isTrue();
        assertThat(audit.eventsChecked()).isEqualTo(d.log().size());
    }

    @Property(tries = 200)
    void aChangedGrantIsFoundAtItsLine(@ForAll @Size(min = 1, max = 150) List<Integer> codes) {
        Decided d = decide(RandomInputs.decode(codes));
        int at = indexOfGrant(d.log());
        Assume.that(at >= 0);
        List<Event> tampered = new ArrayList<>(d.log());
        SealGranted g = (SealGranted) tampered.get(at);
        tampered.set(at, new SealGranted(g.at(), g.seal(), g.agent(), g.incarnation(), g.inode(), g.token() + 1000));
        S4Audit audit = new S4Audit();
        for (int i = 0; i < tampered.size() && audit.accept("line " + (i + 1), tampered.get(i)); i++) {
            // feed until the difference
        }
        S4Audit.Difference diff = audit.finishFile(true);
        assertThat(diff).isNotNull();
        assertThat(diff.where()).isEqualTo("line " + (at + 1));
        assertThat(diff.inLog()).isEqualTo(tampered.get(at));
        assertThat(diff.reDecided()).isEqualTo(g);
        assertThat(audit.consistent()).isFalse();
    }

    @Property(tries = 200)
    void journalStepsAreConsistentAndAChangedGrantIsNamedWithItsStep(
            @ForAll @Size(min = 1, max = 150) List<Integer> codes) {
        Decided d = decide(RandomInputs.decode(codes));
        assertThat(audit(d.steps(), -1).firstProblem()).isNull();
        int at = indexOfGrant(d.log());
        Assume.that(at >= 0);
        S4Audit tampered = audit(d.steps(), at);
        assertThat(tampered.firstProblem()).contains("step ").contains("event " + at);
        assertThat(tampered.consistent()).isFalse();
    }

    /** Feeds the steps as the Kafka walk does, with the read time of each input its own at, changing event {@code change}. */
    private static S4Audit audit(List<List<Event>> steps, int change) {
        S4Audit audit = new S4Audit();
        int n = 0;
        for (int k = 0; k < steps.size(); k++) {
            List<Event> step = steps.get(k);
            Input input = (Input) step.get(0); // a simulated log starts with an input: nothing fires before one
            audit.beginStep("step of " + input.type().wire());
            audit.decide(input, input.at());
            audit.fireTimers(input.at()); // timers armed already overdue fire right after their input
            if (k + 1 < steps.size()) {
                // rule 7: timers due before the next input fire before it; a journal would record them as their own
                // step, the simulated log lists them at the end of this one
                audit.fireTimers(((Input) steps.get(k + 1).get(0)).at());
            }
            audit.loggedInput(input, input.at(), "event " + n++);
            for (Event e : step.subList(1, step.size())) {
                Decision decision = (Decision) e;
                if (n == change && decision instanceof SealGranted g) {
                    decision = new SealGranted(g.at(), g.seal(), g.agent(), g.incarnation(), g.inode(), g.token() + 1000);
                }
                audit.logged(decision, "event " + n++);
            }
            audit.endStep();
        }
        audit.finish(true);
        return audit;
    }

    private static int indexOfGrant(List<Event> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i) instanceof SealGranted) {
                return i;
            }
        }
        return -1;
    }
}
