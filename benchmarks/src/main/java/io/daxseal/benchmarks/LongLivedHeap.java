package io.daxseal.benchmarks;

import io.daxseal.core.SealMachine;
import io.daxseal.core.sim.Simulator;
import java.lang.management.ManagementFactory;

/**
 * Decides the {@link LongLivedHistory} in-process, as {@code simulate} does (the decided events go
 * nowhere), and prints the heap retained after a full GC with what the machine remembers. Run it in
 * {@code -Xmx128m}: under protocol v1 the same history did not fit in 512 MiB.
 *
 * <p>Usage: {@code java -Xmx128m -cp benchmarks.jar io.daxseal.benchmarks.LongLivedHeap [CYCLES] [INODES]}
 */
public final class LongLivedHeap {

    private LongLivedHeap() {
    }

    public static void main(String[] args) {
        long cycles = args.length > 0 ? Long.parseLong(args[0]) : 4_000_000;
        int inodes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        long before = usedAfterGc();
        long started = System.nanoTime();
        Simulator sim = new Simulator(new SealMachine(), Simulator.Sink.of(e -> { }));
        LongLivedHistory history = new LongLivedHistory(cycles, inodes);
        long inputs = 0;
        while (history.hasNext()) {
            sim.offer(history.next());
            inputs++;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = usedAfterGc();
        SealMachine m = sim.machine();
        System.out.printf("decided %,d inputs (%,d pin/release cycles over %,d inodes) in %.1f s: %,.0f inputs/s%n",
                inputs, cycles, inodes, seconds, inputs / seconds);
        System.out.printf("max heap %,d MiB; heap after a full GC: %,d KiB before, %,d KiB after (retained by the "
                + "machine: %,d KiB)%n", Runtime.getRuntime().maxMemory() >> 20, before >> 10, after >> 10,
                Math.max(0, after - before) >> 10);
        System.out.println("the machine remembers: " + m.footprint());
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
