package io.daxseal.benchmarks;

import io.daxseal.core.Partitioning;
import io.daxseal.core.SealMachine;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Input;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import java.util.function.Consumer;

/**
 * The live state the benchmarks measure: {@code seals} live seals over {@code inodes} inodes from
 * {@code agents} agents (ttl 600 s), each a 2 MiB pin. The inputs come in one order for every user:
 * the registrations, then the seal requests.
 */
final class LiveState {

    static final long T0 = 1_700_000_000_000L;
    static final String FS = "7f3c1a2e-5b6d-4e8f-9a0b-1c2d3e4f5a6b";

    private LiveState() {
    }

    /** Feeds the inputs that build the state to {@code sink}. */
    static void inputs(int seals, int inodes, int agents, Consumer<Input> sink) {
        registrations(agents, sink);
        seals(seals, inodes, agents, sink);
    }

    /** The agents' registrations. */
    static void registrations(int agents, Consumer<Input> sink) {
        for (int a = 0; a < agents; a++) {
            sink.accept(new AgentRegistered(T0, agent(a), 1, 600_000));
        }
    }

    /** The seal requests, spread over the agents. */
    static void seals(int seals, int inodes, int agents, Consumer<Input> sink) {
        for (int i = 0; i < seals; i++) {
            int a = i % agents;
            long offset = (long) (i / inodes) * (2L << 20);
            sink.accept(new SealRequested(T0, "mr-" + i, agent(a), 1, new ProcessRef(10_000 + a, 1_000),
                    new Inode(FS, 1000 + (i % inodes), 1), new Range(offset, 2L << 20), SealKind.PIN));
        }
    }

    static String agent(int a) {
        return "pmem-" + a;
    }

    /** A machine holding that state. */
    static SealMachine build(int seals, int inodes, int agents, Partitioning partitioning) {
        SealMachine machine = new SealMachine(partitioning);
        inputs(seals, inodes, agents, in -> machine.decide(in, T0));
        if (machine.liveSealCount() != seals) {
            throw new IllegalStateException("expected " + seals + " live seals, have " + machine.liveSealCount());
        }
        return machine;
    }
}
