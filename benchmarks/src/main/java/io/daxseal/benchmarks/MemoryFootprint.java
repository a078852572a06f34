package io.daxseal.benchmarks;

import io.daxseal.core.SealMachine;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import java.lang.management.ManagementFactory;

/**
 * Heap used by the state machine holding N live seals over M inodes (default 1,000,000 over
 * 100,000, from 10,000 agents). Run with {@code -Xmx512m} to show it fits; prints the retained
 * heap after a full GC and the bytes per live seal.
 *
 * <p>Usage: {@code java -Xmx512m -cp benchmarks.jar io.daxseal.benchmarks.MemoryFootprint [seals] [inodes] [agents]}
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    public static void main(String[] args) {
        int seals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int inodes = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long before = usedAfterGc();
        SealMachine machine = new SealMachine();
        long t = 1_700_000_000_000L;
        for (int a = 0; a < agents; a++) {
            machine.decide(new AgentRegistered(t, "pmem-" + a, 1, 600_000), t);
        }
        String fs = "7f3c1a2e-5b6d-4e8f-9a0b-1c2d3e4f5a6b";
        for (int i = 0; i < seals; i++) {
            int a = i % agents;
            Inode inode = new Inode(fs, 1000 + (i % inodes), 1);
            long offset = (long) (i / inodes) * (2L << 20);
            machine.decide(new SealRequested(t, "mr-" + i, "pmem-" + a, 1, new ProcessRef(10_000 + a, 1_000), inode,
                    new Range(offset, 2L << 20), SealKind.PIN), t);
        }
        if (machine.liveSealCount() != seals) {
            throw new IllegalStateException("expected " + seals + " live seals, have " + machine.liveSealCount());
        }
        long after = usedAfterGc();
        long used = after - before;
        System.out.printf("live seals: %,d over %,d inodes from %,d agents%n", machine.liveSealCount(), inodes, agents);
        System.out.printf("max heap: %,d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("retained heap of the state machine: %,d MiB (%,d bytes per live seal)%n", used >> 20,
                used / seals);
        System.out.println(machine.digest().substring(0, 8)); // keeps the machine reachable until here
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
