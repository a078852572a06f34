package io.daxseal.benchmarks;

import io.daxseal.broker.EmbeddedKafka;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.coordinator.runtime.RequestPublisher;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import io.daxseal.events.Topics;
import io.daxseal.kafka.ClientSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Restart time of a coordinator as a function of history, with the same live state: {@code live}
 * live seals over {@code inodes} inodes from {@code agents} agents, after {@code history} events of
 * pin/release churn (on other inodes, all released). Everything goes through an embedded broker and
 * a real coordinator; then the coordinator is stopped and started again {@code runs} times, each
 * start timed until it decides live (it loads the newest snapshot and replays the log after it).
 * With {@code --full-replay} it also deletes the snapshot topic first and times one start that
 * replays the whole log, as every start did before snapshots existed.
 *
 * <p>It also measures what a snapshot costs the decide loop: with the live state in place, a
 * steady 400 inputs/s stream for {@code 20 s}, once while a snapshot is written every 2 s and once
 * with none, and prints the longest decision latency (poll to commit) of each.
 *
 * <p>Usage: {@code java -Xmx8g -cp benchmarks.jar io.daxseal.benchmarks.RestartBenchmark LIVE INODES
 * AGENTS HISTORY RUNS [--full-replay]}; {@code benchmarks/restart-bench.sh} runs the matrix.
 */
public final class RestartBenchmark {

    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int live = Integer.parseInt(args[0]);
        int inodes = Integer.parseInt(args[1]);
        int agents = Integer.parseInt(args[2]);
        long history = Long.parseLong(args[3]);
        int runs = Integer.parseInt(args[4]);
        boolean fullReplay = args.length > 5 && args[5].equals("--full-replay");
        Path dir = Files.createTempDirectory("daxseal-restart-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            String bootstrap = kafka.bootstrapServers();
            CoordinatorConfig config = CoordinatorConfig.defaults(bootstrap)
                    .withSnapshots(new CoordinatorConfig.SnapshotPolicy(100_000, Duration.ofSeconds(2)));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            CoordinatorRuntime coordinator = CoordinatorRuntime.start(config, registry, Duration.ofMinutes(5));
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
            try (RequestPublisher producer = new RequestPublisher(bootstrap, Topics.DEFAULT)) {
                long t0 = System.nanoTime();
                LiveState.registrations(agents, in -> send(producer, in));
                heartbeats.scheduleAtFixedRate(() -> {
                    for (int a = 0; a < agents; a++) {
                        send(producer, new AgentHeartbeat(System.currentTimeMillis(), LiveState.agent(a), 1, a));
                    }
                }, 30, 30, TimeUnit.SECONDS);
                churn(producer, history, agents);
                LiveState.seals(live, inodes, agents, in -> send(producer, in));
                long produced = history + live + agents;
                awaitDecided(coordinator, registry, produced, live);
                System.out.printf("built: %,d live seals over %,d inodes from %,d agents after %,d history events "
                        + "(%,d inputs) in %.0f s%n", live, inodes, agents, history, produced,
                        (System.nanoTime() - t0) / 1e9);

                coordinator.close();
                loopPauses(producer, config);
                // A snapshot after everything above, so that the restarts below replay only what follows it.
                coordinator = CoordinatorRuntime.start(config, registry, Duration.ofMinutes(30));
                double written = snapshots(registry);
                steady(producer, 3);
                awaitSnapshotAfter(registry, written + 1);
                coordinator.close();
                List<Long> starts = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    long t = System.nanoTime();
                    coordinator = CoordinatorRuntime.start(config, registry, Duration.ofMinutes(30));
                    starts.add((System.nanoTime() - t) / 1_000_000);
                    long seals = coordinator.query(m -> m.liveSealCount()).get();
                    System.out.printf("restart %d: %,d ms (from %s; %,d live seals)%n", r + 1, starts.get(r),
                            coordinator.loadedFrom(), seals);
                    coordinator.close();
                }
                starts.sort(null);
                System.out.printf("RESULT history=%d live=%d: restart median %,d ms (min %,d, max %,d)%n", history, live,
                        starts.get(starts.size() / 2), starts.get(0), starts.get(starts.size() - 1));
                if (fullReplay) {
                    try (Admin admin = ClientSettings.admin(bootstrap, "bench", Duration.ofSeconds(30)).newAdmin()) {
                        admin.deleteTopics(List.of(Topics.DEFAULT.snapshots())).all().get();
                    }
                    Thread.sleep(2000);
                    long t = System.nanoTime();
                    coordinator = CoordinatorRuntime.start(config, registry, Duration.ofMinutes(60));
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    System.out.printf("RESULT history=%d live=%d: full replay (no snapshot, as before) %,d ms (from %s)%n",
                            history, live, ms, coordinator.loadedFrom());
                    coordinator.close();
                }
            } finally {
                heartbeats.shutdownNow();
            }
        }
    }

    private static final io.daxseal.events.json.EventCodec CODEC = io.daxseal.events.json.EventCodec.standard();

    /** Sends any input to its log, keyed as agents and requesters key it. */
    private static CompletableFuture<?> send(RequestPublisher producer, io.daxseal.events.Input in) {
        return switch (in) {
            case io.daxseal.events.InodeScoped s -> producer.send(Topics.DEFAULT.inodeLog(), s.inode().key(),
                    CODEC.encodeBytes(in));
            case io.daxseal.events.IncarnationScoped s -> producer.send(Topics.DEFAULT.agentLog(), s.agent(),
                    CODEC.encodeBytes(in));
            default -> throw new IllegalArgumentException("no log for " + in);
        };
    }

    /** {@code events} seal requests and releases, pairs over their own inodes: nothing stays live. */
    private static void churn(RequestPublisher producer, long events, int agents) throws Exception {
        ProcessRef p = new ProcessRef(1, 1);
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        for (long i = 0; i < events / 2; i++) {
            String agent = LiveState.agent((int) (i % agents));
            Inode inode = new Inode("churn", i % 200_000, 1);
            long now = System.currentTimeMillis();
            producer.publish(new SealRequested(now, "h" + i, agent, 1, p, inode, new Range(0, 4096), SealKind.PIN));
            last = producer.publish(new SealReleased(now, "h" + i, agent, 1, inode, ReleaseReason.UNPIN));
            if (i % 100_000 == 0) {
                last.get(120, TimeUnit.SECONDS); // bounded in flight
            }
        }
        last.get(120, TimeUnit.SECONDS);
    }

    private static double inputs(SimpleMeterRegistry registry) {
        return registry.get("daxseal.events.read").tag("kind", "input").counter().count();
    }

    private static double snapshots(SimpleMeterRegistry registry) {
        return registry.get("daxseal.snapshots").tag("result", "written").counter().count();
    }

    private static void awaitDecided(CoordinatorRuntime coordinator, SimpleMeterRegistry registry, long inputs,
                                     int live) throws Exception {
        while (inputs(registry) < inputs || coordinator.query(m -> m.liveSealCount()).get() < live) {
            Thread.sleep(200);
        }
    }

    private static void awaitSnapshotAfter(SimpleMeterRegistry registry, double count) throws InterruptedException {
        while (snapshots(registry) < count) {
            Thread.sleep(100);
        }
    }

    /** The decide loop's longest decision latency with snapshots every 2 s, then with none. */
    private static void loopPauses(RequestPublisher producer, CoordinatorConfig config) throws Exception {
        // A fresh registry per window: the coordinator's latency timer starts empty.
        SimpleMeterRegistry window = new SimpleMeterRegistry();
        CoordinatorRuntime measured = CoordinatorRuntime.start(config, window, Duration.ofMinutes(30));
        // Measure once the shadow is seeded and has written a snapshot: from then on snapshots come every few seconds.
        steady(producer, 1);
        awaitSnapshotAfter(window, 1);
        GcPauses pauses = new GcPauses();
        steady(producer, 20);
        pauses.close();
        var withSnapshots = window.get("daxseal.decision.latency").timer();
        System.out.printf("decide loop while snapshots of the live state are written (%d in the 20 s, last %,d bytes in "
                        + "%,d ms on the snapshot thread): decisions %,d, latency max %.1f ms, mean %.2f ms%n",
                (long) snapshots(window) - 1, (long) window.get("daxseal.snapshot.bytes").gauge().value(),
                (long) window.get("daxseal.snapshot.duration").gauge().value(), withSnapshots.count(),
                withSnapshots.max(TimeUnit.MICROSECONDS) / 1000.0, withSnapshots.mean(TimeUnit.MICROSECONDS) / 1000.0);
        System.out.println("  stop-the-world pauses of every thread, the loop's included, in that window: " + pauses);
        measured.close();
        SimpleMeterRegistry quiet = new SimpleMeterRegistry();
        measured = CoordinatorRuntime.start(config.withSnapshots(new CoordinatorConfig.SnapshotPolicy(Long.MAX_VALUE,
                Duration.ofDays(1))), quiet, Duration.ofMinutes(30));
        GcPauses quietPauses = new GcPauses();
        steady(producer, 20);
        quietPauses.close();
        var without = quiet.get("daxseal.decision.latency").timer();
        System.out.printf("decide loop with no snapshot written: decisions %,d, latency max %.1f ms, mean %.2f ms%n",
                without.count(), without.max(TimeUnit.MICROSECONDS) / 1000.0, without.mean(TimeUnit.MICROSECONDS) / 1000.0);
        System.out.println("  stop-the-world pauses in that window: " + quietPauses);
        measured.close();
    }

    /** 200 pin/release pairs per second for {@code seconds}. */
    private static void steady(RequestPublisher producer, int seconds) throws Exception {
        ProcessRef p = new ProcessRef(2, 2);
        long end = System.currentTimeMillis() + seconds * 1000L;
        long i = 0;
        while (System.currentTimeMillis() < end) {
            long now = System.currentTimeMillis();
            Inode inode = new Inode("steady", i % 1000, 1);
            producer.publish(new SealRequested(now, "st" + now + "-" + i, LiveState.agent(0), 1, p, inode,
                    new Range(0, 4096), SealKind.PIN));
            producer.publish(new SealReleased(now, "st" + now + "-" + i, LiveState.agent(0), 1, inode,
                    ReleaseReason.UNPIN));
            i++;
            Thread.sleep(5);
        }
    }
}
