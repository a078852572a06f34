package io.daxseal.benchmarks.compare;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * daxseal side by side with ZooKeeper and etcd, in one run on one machine: the same cycle in each
 * (acquire a claim tied to the client's lease on a key, get a fencing token, release it), in
 * interleaved rounds so that the machine's noise falls on all three alike. Per system and round:
 * one client's acquire latency (p50, p99) over sequential cycles; the first acquire of a client once
 * its start returned (a daxseal agent is registered by then, a ZooKeeper session connected, an etcd
 * lease granted); 16 clients at once (one lease each): cycles/s and acquire p50/p99; and the CPU of the
 * whole system per 1,000 cycles (this process's CPU, which holds the clients and, for ZooKeeper and
 * daxseal, the server; plus etcd's process). Prints the medians over rounds and daxseal's ratios.
 *
 * <p>Run: {@code benchmarks/compare-bench.sh [ROUNDS] [CYCLES] [CLIENTS] [SECONDS]}.
 */
public final class CompareBenchmark {

    /** One system's figures in one round. */
    record Round(double p50, double p99, double firstMs, double cyclesPerSecond, double manyP50, double manyP99,
                 double cpuMsPer1000) {
    }

    private CompareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        // COMPARE_SYSTEMS=daxseal (or a comma list) runs only those: for profiling one system, not for comparing.
        List<String> only = List.of(System.getenv().getOrDefault("COMPARE_SYSTEMS", "daxseal,ZooKeeper,etcd")
                .split(","));
        List<LockSystem> systems = new ArrayList<>();
        systems.add(new DaxsealSystem());
        if (only.contains("ZooKeeper")) {
            systems.add(new ZooKeeperSystem());
        }
        EtcdSystem etcd = only.contains("etcd") ? EtcdSystem.startIfInstalled() : null;
        if (etcd != null) {
            systems.add(etcd);
        }
        Map<String, List<Round>> results = new LinkedHashMap<>();
        systems.forEach(s -> results.put(s.name(), new ArrayList<>()));
        int nextClient = 1000;
        try {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < systems.size(); k++) {
                    LockSystem s = systems.get((r + k) % systems.size()); // rotate who goes first
                    Round round = round(s, etcd, cycles, clients, seconds, nextClient);
                    nextClient += clients + 2;
                    results.get(s.name()).add(round);
                    System.out.printf("round %d %-9s one client p50 %.2f ms p99 %.2f ms, first acquire %.1f ms; "
                                    + "%d clients %.0f cycles/s p50 %.2f ms p99 %.2f ms; CPU %.0f ms per 1,000 cycles%n",
                            r + 1, s.name(), round.p50(), round.p99(), round.firstMs(), clients, round.cyclesPerSecond(),
                            round.manyP50(), round.manyP99(), round.cpuMsPer1000());
                }
            }
        } finally {
            for (LockSystem s : systems) {
                if (s instanceof DaxsealSystem d) {
                    System.out.printf("daxseal's coordinator over all rounds:%n%s", d.coordinatorReport());
                }
                s.close();
            }
        }
        report(results, clients);
    }

    private static Round round(LockSystem system, EtcdSystem etcd, int cycles, int clients, int seconds, int firstIndex)
            throws Exception {
        LockSystem.Client one = system.client(firstIndex);
        long startedAt = System.nanoTime();
        one.acquire(); // the first acquire of a client that has just started
        double firstMs = (System.nanoTime() - startedAt) / 1e6;
        one.release();
        for (int i = 0; i < cycles / 10; i++) { // warm
            one.acquire();
            one.release();
        }
        long[] lat = new long[cycles];
        for (int i = 0; i < cycles; i++) {
            long t = System.nanoTime();
            one.acquire();
            lat[i] = System.nanoTime() - t;
            one.release();
        }
        one.close();

        List<LockSystem.Client> many = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            LockSystem.Client client = system.client(firstIndex + 1 + c);
            client.acquire();
            client.release();
            many.add(client);
        }
        if (system instanceof DaxsealSystem d) {
            d.brokerRequests(); // from here on
        }
        long cpuBefore = cpuNanos(system == etcd ? etcd : null);
        AtomicLong total = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long t0 = System.nanoTime();
        for (LockSystem.Client client : many) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int slot = latencies.size() - 1;
            Thread.ofPlatform().start(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length) {
                        long t = System.nanoTime();
                        client.acquire();
                        mine[n++] = System.nanoTime() - t;
                        client.release();
                    }
                } catch (Exception e) {
                    System.err.println("a client of the benchmark failed: " + e);
                } finally {
                    total.addAndGet(n);
                    latencies.set(slot, java.util.Arrays.copyOf(mine, n));
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = cpuNanos(system == etcd ? etcd : null) - cpuBefore;
        for (LockSystem.Client client : many) {
            client.close();
        }
        if (system instanceof DaxsealSystem d) {
            StringBuilder perCycle = new StringBuilder();
            d.brokerRequests().forEach((request, count) -> {
                if (count > 0) {
                    perCycle.append(String.format(" %s %.2f", request, count / (double) total.get()));
                }
            });
            System.out.printf("  daxseal broker requests per cycle (%d clients):%s%n", clients, perCycle);
        }
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Round(percentile(lat, 50), percentile(lat, 99), firstMs, total.get() / elapsed, percentile(all, 50),
                percentile(all, 99), cpu / 1e6 / (total.get() / 1000.0));
    }

    /** This process's CPU time, plus etcd's when it is the system measured. */
    private static long cpuNanos(EtcdSystem etcd) throws Exception {
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        if (etcd == null) {
            return own;
        }
        String[] stat = Files.readString(Path.of("/proc/" + etcd.pid() + "/stat")).split("\\) ")[1].split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime
        return own + ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static double percentile(long[] nanos, int p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static void report(Map<String, List<Round>> results, int clients) {
        System.out.printf("%nmedians over rounds%n");
        System.out.printf("| | %s |%n", String.join(" | ", results.keySet()));
        System.out.printf("|---|%s%n", "---|".repeat(results.size()));
        row(results, "one client, acquire p50 (ms)", Round::p50, "%.2f");
        row(results, "one client, acquire p99 (ms)", Round::p99, "%.2f");
        row(results, "first acquire of a new client (ms)", Round::firstMs, "%.1f");
        row(results, clients + " clients: cycles/s", Round::cyclesPerSecond, "%.0f");
        row(results, clients + " clients: acquire p50 (ms)", Round::manyP50, "%.2f");
        row(results, clients + " clients: acquire p99 (ms)", Round::manyP99, "%.2f");
        row(results, "CPU per 1,000 cycles, clients + server (ms)", Round::cpuMsPer1000, "%.0f");
        Round d = medians(results.get("daxseal"));
        if (d == null) {
            return;
        }
        for (String peer : results.keySet()) {
            if (peer.equals("daxseal")) {
                continue;
            }
            Round o = medians(results.get(peer));
            System.out.printf("daxseal / %s: one-client p50 %.1f×, p99 %.1f×; %d-client throughput %.2f×, p99 %.1f×; "
                            + "CPU per cycle %.1f×%n", peer, d.p50() / o.p50(), d.p99() / o.p99(), clients,
                    d.cyclesPerSecond() / o.cyclesPerSecond(), d.manyP99() / o.manyP99(), d.cpuMsPer1000() / o.cpuMsPer1000());
        }
    }

    private static void row(Map<String, List<Round>> results, String what,
                            java.util.function.ToDoubleFunction<Round> f, String format) {
        List<String> cells = new ArrayList<>();
        for (List<Round> rounds : results.values()) {
            cells.add(String.format(format, median(rounds.stream().mapToDouble(f).toArray())));
        }
        System.out.printf("| %s | %s |%n", what, String.join(" | ", cells));
    }

    private static Round medians(List<Round> rounds) {
        if (rounds == null) {
            return null;
        }
        return new Round(median(rounds.stream().mapToDouble(Round::p50).toArray()),
                median(rounds.stream().mapToDouble(Round::p99).toArray()),
                median(rounds.stream().mapToDouble(Round::firstMs).toArray()),
                median(rounds.stream().mapToDouble(Round::cyclesPerSecond).toArray()),
                median(rounds.stream().mapToDouble(Round::manyP50).toArray()),
                median(rounds.stream().mapToDouble(Round::manyP99).toArray()),
                median(rounds.stream().mapToDouble(Round::cpuMsPer1000).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
