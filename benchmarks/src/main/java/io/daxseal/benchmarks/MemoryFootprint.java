package io.daxseal.benchmarks;

import io.daxseal.core.SealMachine;
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
        SealMachine machine = LiveState.build(seals, inodes, agents, io.daxseal.core.Partitioning.SINGLE);
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
