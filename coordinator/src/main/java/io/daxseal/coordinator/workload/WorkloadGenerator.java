package io.daxseal.coordinator.workload;

import io.daxseal.events.*;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * An endless, seeded stream of agent and requester inputs with a realistic mix. Every agent
 * registers first, then heartbeats every {@code ttl / 3} of simulated time; simulated time moves
 * by one millisecond every {@link Config#eventsPerMs} events. The rest of the mix, by weight:
 * seal requests (pins and maps of 2 MiB-aligned ranges of 1 GiB files) 36 %, releases of held
 * seals 34 %, extent operations 1.5 % (half recall, a third fail-fast, the rest
 * recall-then-break) and their finishes 1.5 %, process exits 0.5 %, agent restarts 0.01 %.
 *
 * <p>The generator does not see decisions, so some releases name seals that were denied and some
 * operations finish before they are granted: the noise a real log has too.
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

    private record Held(int agent, long incarnation, String seal, Inode inode, ProcessRef process) {
    }

    private record PendingOp(String op, Inode inode) {
    }

    private final Config config;
    private final SplittableRandom random;
    private final String[] agentIds;
    private final long[] incarnations;
    private final long[] sealCounters;
    private final List<Held> held = new ArrayList<>();
    private final List<PendingOp> ops = new ArrayList<>();
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
            // Each agent heartbeats once per ttl/3: agents/(ttl/3) heartbeats are owed per ms.
            heartbeatDebt += config.agents();
        }
        emitted++;
        if (registered < config.agents()) {
            int a = registered++;
            return new AgentRegistered(now, agentIds[a], incarnations[a], config.ttlMs());
        }
        long period = Math.max(1, config.ttlMs() / 3);
        if (heartbeatDebt >= period) {
            heartbeatDebt -= period;
            int a = heartbeatCursor;
            heartbeatCursor = (heartbeatCursor + 1) % config.agents();
            return new AgentHeartbeat(now, agentIds[a], incarnations[a], now);
        }
        int roll = random.nextInt(10_000);
        if (roll < 3_600 || held.isEmpty()) {
            return sealRequest();
        }
        if (roll < 7_000) {
            return release();
        }
        if (roll < 7_150) {
            return opRequest();
        }
        if (roll < 7_300 && !ops.isEmpty()) {
            PendingOp op = ops.remove(random.nextInt(ops.size()));
            return new OpFinished(now, op.op, op.inode, OpOutcome.DONE);
        }
        if (roll < 7_350) {
            int a = random.nextInt(config.agents());
            return new ProcessExited(now, agentIds[a], incarnations[a], process(a));
        }
        if (roll == 7_350) {
            int a = random.nextInt(config.agents());
            incarnations[a]++;
            return new AgentRegistered(now, agentIds[a], incarnations[a], config.ttlMs());
        }
        return sealRequest();
    }

    private SealRequested sealRequest() {
        int a = random.nextInt(config.agents());
        Inode inode = inode(random.nextInt(config.inodes()));
        ProcessRef process = process(a);
        String seal = "s" + (++sealCounters[a]);
        long offset = CHUNK * random.nextInt((int) (FILE_SIZE / CHUNK));
        long length = CHUNK * (1 + random.nextInt(4));
        held.add(new Held(a, incarnations[a], seal, inode, process));
        return new SealRequested(now, seal, agentIds[a], incarnations[a], process, inode, new Range(offset, length),
                random.nextInt(3) == 0 ? SealKind.MAP : SealKind.PIN);
    }

    private SealReleased release() {
        int i = random.nextInt(held.size());
        Held h = held.get(i);
        held.set(i, held.get(held.size() - 1));
        held.remove(held.size() - 1);
        return new SealReleased(now, h.seal, agentIds[h.agent], h.incarnation, h.inode,
                random.nextInt(2) == 0 ? ReleaseReason.UNPIN : ReleaseReason.UNMAP);
    }

    private OpRequested opRequest() {
        Inode inode = held.isEmpty() || random.nextInt(2) == 0
                ? inode(random.nextInt(config.inodes()))
                : held.get(random.nextInt(held.size())).inode; // sometimes where seals are
        String op = "op-" + (++opCounter);
        ops.add(new PendingOp(op, inode));
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
        if (n < 0) {
            throw new NoSuchElementException("n must be >= 0");
        }
        List<Input> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(next());
        }
        return result;
    }
}
