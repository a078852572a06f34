package io.daxseal.benchmarks;

import io.daxseal.agent.AgentConfig;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.NodeAgent;
import io.daxseal.agent.ProcessRefs;
import io.daxseal.agent.RecallHandler;
import io.daxseal.agent.RevokeHandler;
import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Decision;
import io.daxseal.events.Inode;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import io.daxseal.events.SealKind;
import io.daxseal.events.Topics;
import io.daxseal.events.json.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live system's latency and throughput on a real (embedded) broker, one process:
 * grant latency at a fixed request rate, recall round trip with a cooperative agent, sustained
 * input events per second through the broker and the coordinator, and failure detection time.
 *
 * <p>Run: {@code benchmarks/live-bench.sh} (or {@code java -cp benchmarks/target/benchmarks.jar
 * io.daxseal.benchmarks.LiveBenchmark [RATE] [SECONDS] [EVENTS]}).
 */
public final class LiveBenchmark {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 300_000;
        Path dir = Files.createTempDirectory("daxseal-live-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            String bootstrap = kafka.bootstrapServers();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            CoordinatorRuntime coordinator = CoordinatorRuntime.start(CoordinatorConfig.defaults(bootstrap),
                    registry, Duration.ofSeconds(60));
            Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();
            List<Decision> failures = Collections.synchronizedList(new ArrayList<>());
            coordinator.addListener(ds -> {
                for (Decision d : ds) {
                    switch (d) {
                        case OpGranted g -> complete(waiting, "op/" + g.op(), d);
                        case SealBroken b -> complete(waiting, "broken/" + b.agent(), d);
                        case AgentExpired e -> complete(waiting, "expired/" + e.agent(), d);
                        default -> { }
                    }
                }
            });

            grantLatency(bootstrap, rate, seconds);
            recallRoundTrip(bootstrap, waiting, 200);
            sustained(bootstrap, registry, events);
            failureDetection(bootstrap, waiting, 5);
            coordinator.close();
        }
    }

    private static void complete(Map<String, CompletableFuture<Decision>> waiting, String key, Decision d) {
        CompletableFuture<Decision> f = waiting.remove(key);
        if (f != null) {
            f.complete(d);
        }
    }

    /**
     * Pins at a fixed rate; latency from just before seal.requested is produced to the grant seen by
     * the agent. A warm-up at the same rate comes first and is not counted: without it the figures
     * were those of a cold JIT and varied from run to run.
     */
    private static void grantLatency(String bootstrap, int rate, int seconds) throws Exception {
        NodeAgent agent = NodeAgent.start(AgentConfig.builder("bench-grants", bootstrap).ttlMs(10_000).build(),
                RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
        paced(agent, rate, Math.min(seconds, 3), 0); // warm-up
        int total = rate * seconds;
        long start = System.nanoTime();
        long[] latencies = paced(agent, rate, seconds, 10_000_000);
        double elapsed = (System.nanoTime() - start) / 1e9;
        report("grant latency, " + rate + " requests/s offered for " + seconds + " s (" + total + " pins, each released;"
                + " after a warm-up at the same rate)", latencies);
        System.out.printf("  achieved request rate: %.0f/s%n", total / elapsed);
        agent.close();
    }

    /** {@code rate} pins a second for {@code seconds}, each released once granted; their grant latencies. */
    private static long[] paced(NodeAgent agent, int rate, int seconds, int firstInode) throws Exception {
        ProcessRef self = ProcessRefs.self();
        int total = rate * seconds;
        long[] latencies = new long[total];
        List<CompletableFuture<?>> all = new ArrayList<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        int[] next = {0};
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> {
            // Catch up if the pacer fell behind, so the offered rate holds.
            long due = (System.nanoTime() - start) / periodNanos + 1;
            while (next[0] < Math.min(due, total)) {
                int i = next[0]++;
                long t0 = System.nanoTime();
                all.add(agent.pin(new Inode("bench", firstInode + i, 1), new Range(0, 4096), self).thenCompose(seal -> {
                    latencies[i] = System.nanoTime() - t0;
                    return agent.release(seal);
                }));
            }
            if (next[0] >= total) {
                done.complete(null);
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        done.get();
        pacer.shutdown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return latencies;
    }

    /** A pin, then a recall-policy truncate over it; the agent releases at once. Op requested -> op granted. */
    private static void recallRoundTrip(String bootstrap, Map<String, CompletableFuture<Decision>> waiting, int n)
            throws Exception {
        NodeAgent agent = NodeAgent.start(AgentConfig.builder("bench-recall", bootstrap).ttlMs(10_000).build(),
                RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
        long[] latencies = new long[n];
        try (RequestPublisher requester = new RequestPublisher(bootstrap, Topics.DEFAULT)) {
            for (int i = 0; i < n; i++) {
                Inode inode = new Inode("recall", i, 1);
                agent.pin(inode, new Range(0, 4096), ProcessRefs.self()).get(10, TimeUnit.SECONDS);
                CompletableFuture<Decision> granted = new CompletableFuture<>();
                waiting.put("op/r" + i, granted);
                long t0 = System.nanoTime();
                requester.request(new OpRequested(System.currentTimeMillis(), "r" + i, inode, Range.toEndOfFile(0),
                        OpKind.TRUNCATE, OpPolicy.RECALL, 5000, "bench"));
                granted.get(10, TimeUnit.SECONDS);
                latencies[i] = System.nanoTime() - t0;
            }
        }
        report("recall round trip (op.requested produced -> recall -> agent releases -> op.granted), " + n + " ops",
                latencies);
        agent.close();
    }

    /** Produces seal requests and releases as fast as one producer can; rate at which the coordinator reads and decides them. */
    private static void sustained(String bootstrap, SimpleMeterRegistry registry, int events) throws Exception {
        EventCodec codec = EventCodec.standard();
        try (RequestPublisher producer = new RequestPublisher(bootstrap, Topics.DEFAULT)) {
            long now = System.currentTimeMillis();
            producer.send(Topics.DEFAULT.agentLog(), "bench-load",
                    codec.encodeBytes(new AgentRegistered(now, "bench-load", 1, 600_000))).get();
            double before = inputs(registry);
            ProcessRef p = new ProcessRef(1, 1);
            long t0 = System.nanoTime();
            CompletableFuture<?> last = null;
            for (int i = 0; i < events / 2; i++) {
                Inode inode = new Inode("load", i % 50_000, 1);
                producer.publish(new SealRequested(now, "s" + i, "bench-load", 1, p, inode, new Range(0, 4096), SealKind.PIN));
                last = producer.publish(new SealReleased(now, "s" + i, "bench-load", 1, inode, ReleaseReason.UNPIN));
            }
            last.get(120, TimeUnit.SECONDS);
            double produced = (System.nanoTime() - t0) / 1e9;
            while (inputs(registry) - before < events) {
                Thread.sleep(5);
            }
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%nsustained: %d input events (seal.requested + seal.released over 50,000 inodes)%n", events);
            System.out.printf("  produced in %.2f s (%.0f events/s acknowledged by the broker)%n", produced, events / produced);
            System.out.printf("  decided and committed by the coordinator in %.2f s: %.0f events/s end to end%n",
                    total, events / total);
        }
    }

    private static double inputs(SimpleMeterRegistry registry) {
        return registry.get("daxseal.events.read").tag("kind", "input").counter().count();
    }

    /** An agent that stops (halt); from its last heartbeat as the coordinator read it to the seal broken. */
    private static void failureDetection(String bootstrap, Map<String, CompletableFuture<Decision>> waiting, int runs)
            throws Exception {
        long ttl = 1000;
        long hb = 250;
        long[] sinceLastHeartbeat = new long[runs];
        long[] sinceHalt = new long[runs];
        for (int i = 0; i < runs; i++) {
            String id = "bench-dies-" + i;
            NodeAgent agent = NodeAgent.start(AgentConfig.builder(id, bootstrap).ttlMs(ttl)
                    .heartbeatInterval(Duration.ofMillis(hb)).build(), RecallHandler.RELEASE_AT_ONCE, RevokeHandler.IGNORE);
            HeldSeal seal = agent.pin(new Inode("dies", i, 1), new Range(0, 1), ProcessRefs.self()).get(10, TimeUnit.SECONDS);
            Thread.sleep(600 + 37L * i); // halt at different points of the heartbeat cycle
            CompletableFuture<Decision> broken = new CompletableFuture<>();
            CompletableFuture<Decision> expired = new CompletableFuture<>();
            waiting.put("broken/" + id, broken);
            waiting.put("expired/" + id, expired);
            long haltedAt = System.currentTimeMillis();
            agent.halt();
            broken.get(10, TimeUnit.SECONDS);
            long seenAt = System.currentTimeMillis();
            AgentExpired e = (AgentExpired) expired.get(10, TimeUnit.SECONDS);
            sinceLastHeartbeat[i] = (seenAt - e.lastHeartbeatAt()) * 1_000_000;
            sinceHalt[i] = (seenAt - haltedAt) * 1_000_000;
            if (seal == null) {
                throw new IllegalStateException();
            }
        }
        System.out.printf("%nfailure detection, ttl %d ms, heartbeat every %d ms, %d runs (bound: ttl + heartbeat + 200 = %d ms)%n",
                ttl, hb, runs, ttl + hb + 200);
        summary("  last heartbeat read -> seal.broken committed", sinceLastHeartbeat);
        summary("  agent halted        -> seal.broken committed", sinceHalt);
    }

    private static void report(String title, long[] nanos) {
        System.out.printf("%n%s%n", title);
        summary("  latency", nanos);
    }

    private static void summary(String label, long[] nanos) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        System.out.printf("%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", label, s[s.length / 2] / 1e6,
                s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }
}
