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
 * Each system runs in a JVM of its own (this one drives them round by round), so that none
 * shares compiled code, heap or GC with another.
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
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        // COMPARE_SYSTEMS=daxseal (or a comma list) runs only those: for profiling one system, not for comparing.
        List<String> names = new ArrayList<>();
        for (String name : System.getenv().getOrDefault("COMPARE_SYSTEMS", "daxseal,ZooKeeper,etcd").split(",")) {
            if (!List.of("daxseal", "ZooKeeper", "etcd").contains(name)) {
                System.err.println("COMPARE_SYSTEMS names '" + name + "': the systems are daxseal, ZooKeeper and etcd");
                System.exit(2);
            }
            if (!name.equals("etcd") || EtcdSystem.installed()) {
                names.add(name);
            } else {
                System.out.println("etcd is not installed (/usr/bin/etcd): left out");
            }
        }
        // Each system in a JVM of its own, started once and warmed by its first round: in one JVM, code the
        // systems share (collections, Netty, the JSON and Kafka clients) was compiled for one and recompiled
        // for the next at every switch, and the compiler threads took most of a core in daxseal's rounds.
        Map<String, Child> children = new LinkedHashMap<>();
        Map<String, List<Round>> results = new LinkedHashMap<>();
        try {
            for (String name : names) {
                children.put(name, new Child(name));
                results.put(name, new ArrayList<>());
            }
            int nextClient = 1000;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((r + k) % names.size()); // rotate who goes first
                    Round round = children.get(name).round(cycles, clients, seconds, nextClient);
                    nextClient += clients + 2;
                    results.get(name).add(round);
                    System.out.printf("round %d %-9s one client p50 %.2f ms p99 %.2f ms, first acquire %.1f ms; "
                                    + "%d clients %.0f cycles/s p50 %.2f ms p99 %.2f ms; CPU %.0f ms per 1,000 cycles%n",
                            r + 1, name, round.p50(), round.p99(), round.firstMs(), clients, round.cyclesPerSecond(),
                            round.manyP50(), round.manyP99(), round.cpuMsPer1000());
                }
            }
        } finally {
            for (Child c : children.values()) {
                c.close();
            }
        }
        report(results, clients);
    }

    /** A system's JVM, driven round by round over its standard input and output. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader out;
        private final java.io.PrintWriter in;

        Child(String system) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // the same JVM flags
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CompareBenchmark.class.getName(),
                    "--child", system));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
            in = new java.io.PrintWriter(process.getOutputStream(), true);
            expect("READY");
        }

        Round round(int cycles, int clients, int seconds, int firstIndex) throws Exception {
            in.printf("round %d %d %d %d%n", cycles, clients, seconds, firstIndex);
            String[] f = expect("RESULT").split(" ");
            return new Round(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]));
        }

        /** Echoes what the child prints until a line starting with {@code word}, which it returns. */
        private String expect(String word) throws Exception {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(word)) {
                    return line;
                }
                System.out.println(line);
            }
            throw new IllegalStateException("a benchmark child ended early (exit " + process.waitFor() + "); see the log");
        }

        @Override
        public void close() throws Exception {
            in.println("quit");
            try {
                expect("BYE");
            } catch (IllegalStateException e) {
                // ended already
            }
            process.waitFor();
        }
    }

    /** A child: starts one system, runs the rounds its parent asks for, and says each result in one line. */
    private static void child(String name) throws Exception {
        LockSystem system = switch (name) {
            case "daxseal" -> new DaxsealSystem();
            case "ZooKeeper" -> new ZooKeeperSystem();
            case "etcd" -> EtcdSystem.startIfInstalled();
            default -> throw new IllegalArgumentException("no system named '" + name + "' (daxseal, ZooKeeper, etcd)");
        };
        EtcdSystem etcd = system instanceof EtcdSystem e ? e : null;
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        System.out.println("READY");
        try {
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                String[] f = line.split(" ");
                Round r = round(system, etcd, Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]));
                System.out.printf(java.util.Locale.ROOT, "RESULT %f %f %f %f %f %f %f%n", r.p50(), r.p99(), r.firstMs(),
                        r.cyclesPerSecond(), r.manyP50(), r.manyP99(), r.cpuMsPer1000());
            }
            if (system instanceof DaxsealSystem d) {
                System.out.printf("daxseal's coordinator over all rounds:%n%s", d.coordinatorReport());
            }
        } finally {
            system.close();
        }
        System.out.println("BYE");
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
