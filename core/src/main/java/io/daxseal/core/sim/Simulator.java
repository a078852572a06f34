package io.daxseal.core.sim;

import io.daxseal.core.Outcome;
import io.daxseal.core.SealMachine;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import java.util.List;

/**
 * Decides a stream of inputs with simulated time: the clock is each input's {@code at}, and
 * timers fire as PROTOCOL.md rule 7 says, before the first input at or after their firing time.
 * A timer armed already overdue (a registration or heartbeat whose lease ran out before it was
 * read) fires right after the input that armed it.
 */
public final class Simulator {

    /** Receives the decided log, in order. */
    public interface Sink {
        /** A valid input, at its place in the decided log. */
        void input(Input input);

        /** A decision, right after what caused it. */
        void decision(Decision decision);

        /** A sink that hands inputs and decisions alike, in order, to one consumer. */
        static Sink of(java.util.function.Consumer<? super Event> all) {
            return new Sink() {
                @Override
                public void input(Input input) {
                    all.accept(input);
                }

                @Override
                public void decision(Decision decision) {
                    all.accept(decision);
                }
            };
        }
    }

    private final SealMachine machine;
    private final Sink sink;

    public Simulator(SealMachine machine, Sink sink) {
        this.machine = machine;
        this.sink = sink;
    }

    public SealMachine machine() {
        return machine;
    }

    /** Decides one input at its own time; returns its outcome (decisions and whether ignored). */
    public Outcome offer(Input input) {
        emit(machine.fireTimersUpTo(input.at()));
        sink.input(input);
        Outcome outcome = machine.decide(input, input.at());
        emit(outcome.decisions());
        emit(machine.fireTimersUpTo(machine.clock()));
        return outcome;
    }

    /** Fires every timer due at or before {@code time} (the {@code --until} of {@code simulate}). */
    public void advanceTo(long time) {
        emit(machine.fireTimersUpTo(time));
    }

    private void emit(List<Decision> decisions) {
        for (Decision d : decisions) {
            sink.decision(d);
        }
    }
}
