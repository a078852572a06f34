package io.daxseal.workload;

import io.daxseal.core.SealMachine;
import io.daxseal.events.*;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An endless, seeded stream of agent and requester inputs with a realistic mix, produced in a
 * closed loop: the generator decides its own inputs on an internal {@link SealMachine} and reacts
 * to the decisions as real agents and requesters do. Agents release most recalled seals before
 * the deadline (a few ignore the recall and get broken and fenced), re-register with a higher
 * incarnation when fenced or expired, and requesters finish granted operations.
 *
 * <p>Every agent registers first, then heartbeats every {@code ttl / 3} of simulated time;
 * simulated time moves by one millisecond every {@link Config#eventsPerMs} events. The rest, by
 * weight: seal requests (pins and maps of 2 MiB-aligned ranges of 1 GiB files) 49 %, releases of
 * live seals 47.5 %, extent operations 3 % (half recall, a third fail-fast, the rest
 * recall-then-break; half of them on inodes that hold seals), process exits 0.5 %, agent
 * restarts 0.01 %, plus the reactions above.
 */
public final class WorkloadGenerator implements Iterator<Input> {

    /** Shape of the workload. */
    public record Config(int agents, int inodes, long seed, long startAt, long ttlMs, int eventsPerMs) {
        public Config {
            if (agents < 1 || inodes < 1 || eventsPerMs < 1) {
                throw new IllegalArgumentException("agents, inodes and eventsPerMs must be >= 1");
            }
            if (ttlMs < AgentRegistered.MIN_TTL_MS || ttlMs > AgentRegistered.MAX_TTL_MS) {
                throw new IllegalArgumentException("ttlMs must be between 500 and 600000");
            }
        }

        /** 10,000 agents over 1,000,000 inodes: the benchmark's realistic shape. */
        public static Config realistic(long seed) {
            return new Config(10_000, 1_000_000, seed, 1_700_000_000_000L, 10_000, 100);
        }
    }

    private static final long FILE_SIZE = 1L << 30;
    private static final long CHUNK = 2L << 20;
    private static final String FS = "7f3c1a2e-5b6d-4e8f-9a0b-1c2d3e4f5a6b";
    /** One recalled seal in this many is not released: its holder is stuck and gets broken. */
    private static final int STUCK_ONE_IN = 25;

    private record SealRef(String agent, long incarnation, String seal, Inode inode) {
    }

    /** An input to emit once {@code due} events have been emitted. */
    private record Reaction(long due, Input input) {
    }

    private final Config config;
    private final SplittableRandom random;
    private final String[] agentIds;
    private final Map<String, Integer> agentIndex = new HashMap<>();
    private final long[] incarnations;
    private final long[] sealCounters;
    /** Live seals, for picking one to release; removal by swapping with the last. */
    private final List<SealRef> held = new ArrayList<>();
    private final Map<SealRef, Integer> heldIndex = new HashMap<>();
    private final ArrayDeque<Reaction> reactions = new ArrayDeque<>();
    private final SealMachine machine = new SealMachine();
    private long now;
    private long emitted;
    private int registered;
    private long opCounter;
    private int heartbeatCursor;
    private long heartbeatDebt;

    public WorkloadGenerator(Config config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.agentIds = new String[config.agents()];
        this.incarnations = new long[config.agents()];
        this.sealCounters = new long[config.agents()];
        for (int i = 0; i < config.agents(); i++) {
            agentIds[i] = "pmem-" + i;
            agentIndex.put(agentIds[i], i);
            incarnations[i] = 1;
        }
        this.now = config.startAt();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Input next() {
        if (emitted > 0 && emitted % config.eventsPerMs() == 0) {
            now++;
            heartbeatDebt += config.agents(); // each agent owes one heartbeat per ttl/3
        }
        emitted++;
        Input input = choose();
        observe(machine.fireTimersUpTo(input.at()));
        observe(machine.decide(input, input.at()).decisions());
        observe(machine.fireTimersUpTo(machine.clock()));
        return input;
    }

    private Input choose() {
        if (registered < config.agents()) {
            int a = registered++;
            return new AgentRegistered(now, agentIds[a], incarnations[a], config.ttlMs());
        }
        Reaction reaction = reactions.peek();
        if (reaction != null && reaction.due <= emitted) {
            reactions.poll();
            return retime(reaction.input);
        }
        long period = Math.max(1, config.ttlMs() / 3);
        if (heartbeatDebt >= period) {
            heartbeatDebt -= period;
            int a = heartbeatCursor;
            heartbeatCursor = (heartbeatCursor + 1) % config.agents();
            return new AgentHeartbeat(now, agentIds[a], incarnations[a], now);
        }
        int roll = random.nextInt(10_000);
        if (roll < 4_850 || held.isEmpty()) {
            return sealRequest();
        }
        if (roll < 9_600) {
            SealRef s = held.get(random.nextInt(held.size()));
            removeHeld(s);
            return new SealReleased(now, s.seal, s.agent, s.incarnation, s.inode,
                    random.nextInt(2) == 0 ? ReleaseReason.UNPIN : ReleaseReason.UNMAP);
        }
        if (roll < 9_900) {
            return opRequest();
        }
        if (roll < 9_950) {
            int a = random.nextInt(config.agents());
            return new ProcessExited(now, agentIds[a], incarnations[a], process(a));
        }
        if (roll == 9_950) {
            return register(random.nextInt(config.agents())); // a restart
        }
        return sealRequest();
    }

    /** Reactions are queued with the time they were planned at; they happen now. */
    private Input retime(Input planned) {
        return switch (planned) {
            case SealReleased r -> new SealReleased(now, r.seal(), r.agent(), r.incarnation(), r.inode(), r.reason());
            case OpFinished f -> new OpFinished(now, f.op(), f.inode(), f.outcome());
            case AgentRegistered r -> register(agentIndex.get(r.agent()));
            default -> planned;
        };
    }

    private AgentRegistered register(int a) {
        incarnations[a]++;
        return new AgentRegistered(now, agentIds[a], incarnations[a], config.ttlMs());
    }

    private void observe(List<Decision> decisions) {
        for (Decision d : decisions) {
            switch (d) {
                case SealGranted g -> addHeld(new SealRef(g.agent(), g.incarnation(), g.seal(), g.inode()));
                case SealBroken b -> removeHeld(new SealRef(b.agent(), b.incarnation(), b.seal(), b.inode()));
                case SealDropped x -> removeHeld(new SealRef(x.agent(), x.incarnation(), x.seal(), x.inode()));
                case SealRecalled r -> {
                    SealRef ref = new SealRef(r.agent(), r.incarnation(), r.seal(), r.inode());
                    if (heldIndex.containsKey(ref) && random.nextInt(STUCK_ONE_IN) != 0) {
                        removeHeld(ref); // it will be released by the reaction, not at random
                        long delay = 1 + random.nextInt(50 * config.eventsPerMs()); // well inside any timeout
                        reactions.add(new Reaction(emitted + delay, new SealReleased(d.at(), r.seal(), r.agent(),
                                r.incarnation(), r.inode(), ReleaseReason.RECALL)));
                    }
                }
                case OpGranted g -> reactions.add(new Reaction(emitted + 1 + random.nextInt(20 * config.eventsPerMs()),
                        new OpFinished(d.at(), g.op(), g.inode(), OpOutcome.DONE)));
                case AgentFenced f -> restartLater(f.agent(), f.incarnation());
                case AgentExpired x -> restartLater(x.agent(), x.incarnation());
                case SealDenied x -> { }
                case OpRejected x -> { }
            }
        }
    }

    private void restartLater(String agent, long incarnation) {
        if (incarnations[agentIndex.get(agent)] == incarnation) { // not restarted since
            reactions.add(new Reaction(emitted + 1 + random.nextInt(10 * config.eventsPerMs()),
                    new AgentRegistered(now, agent, incarnation + 1, config.ttlMs())));
        }
    }

    private void addHeld(SealRef ref) {
        heldIndex.put(ref, held.size());
        held.add(ref);
    }

    private void removeHeld(SealRef ref) {
        Integer i = heldIndex.remove(ref);
        if (i == null) {
            return;
        }
        SealRef last = held.remove(held.size() - 1);
        if (i < held.size()) {
            held.set(i, last);
            heldIndex.put(last, i);
        }
    }

    private SealRequested sealRequest() {
        int a = random.nextInt(config.agents());
        Inode inode = inode(random.nextInt(config.inodes()));
        String seal = "s" + (++sealCounters[a]);
        long offset = CHUNK * random.nextInt((int) (FILE_SIZE / CHUNK));
        long length = CHUNK * (1 + random.nextInt(4));
        return new SealRequested(now, seal, agentIds[a], incarnations[a], process(a), inode, new Range(offset, length),
                random.nextInt(3) == 0 ? SealKind.MAP : SealKind.PIN);
    }

    private OpRequested opRequest() {
        Inode inode = held.isEmpty() || random.nextInt(2) == 0
                ? inode(random.nextInt(config.inodes()))
                : held.get(random.nextInt(held.size())).inode; // often where seals are
        String op = "op-" + (++opCounter);
        int p = random.nextInt(6);
        OpPolicy policy = p < 3 ? OpPolicy.RECALL : p < 5 ? OpPolicy.FAIL_FAST : OpPolicy.RECALL_THEN_BREAK;
        OpKind kind = OpKind.values()[random.nextInt(OpKind.values().length)];
        Range range = kind == OpKind.TRUNCATE
                ? Range.toEndOfFile(CHUNK * random.nextInt(512))
                : new Range(CHUNK * random.nextInt(512), CHUNK * (1 + random.nextInt(8)));
        return new OpRequested(now, op, inode, range, kind, policy, 2_000, "mds-" + random.nextInt(4));
    }

    private ProcessRef process(int agent) {
        int slot = random.nextInt(4);
        return new ProcessRef(10_000 + agent % 50_000 * 4 + slot, 1_000 + slot);
    }

    private static Inode inode(int n) {
        return new Inode(FS, 1_000 + n, 1);
    }

    /** Generates the next {@code n} inputs into a list (for benchmarks that replay a fixed set). */
    public List<Input> take(int n) {
        List<Input> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(next());
        }
        return result;
    }
}
