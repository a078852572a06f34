package io.daxseal.chaos;

import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.check.CheckReport;
import io.daxseal.check.InvariantChecker;
import io.daxseal.events.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chaos run: starts the processes, runs the workload, injects faults on a seeded schedule,
 * then stops everything cleanly, checks S1–S7 on the log and the agents' records, and writes the
 * report. Every fault kind is injected at least once, whatever the duration; after that faults
 * are drawn at random until the duration is over.
 */
public final class ChaosRun {

    /**
     * How to run.
     *
     * @param duration how long faults are injected (at least one of each kind is, even if that takes longer)
     * @param seed the schedule's and the workload's seed: the same seed gives the same choices
     * @param agents how many agents (the last one ignores recalls)
     * @param ttl the agents' lease
     * @param sessionTimeout the coordinators' election session
     * @param runDir where the processes' data, logs, records and the report go
     */
    public record Options(Duration duration, long seed, int agents, Duration ttl, Duration sessionTimeout, Path runDir) {
        public Options {
            if (agents < 2) {
                throw new IllegalArgumentException("at least 2 agents (one of them ignores recalls)");
            }
            if (sessionTimeout.toMillis() < ttl.toMillis() + 2000) {
                throw new IllegalArgumentException("the coordinators' session (" + sessionTimeout.toMillis()
                        + " ms) must exceed the agents' ttl by at least 2 s, so that a coordinator can stall past the "
                        + "ttl without losing the election");
            }
        }
    }

    /** What a run produced. */
    public record Result(CheckReport check, List<String> problems, String report) {
        /** Every invariant holds and every fault was injected and recovered from. */
        public boolean passed() {
            return check.allHold() && problems.isEmpty();
        }
    }

    private static final Pattern BROKER_READY = Pattern.compile("daxseal broker is ready at (\\S+)");

    private final Options options;
    private final Class<?> mainClass;
    private final PrintWriter out;
    private final Random random;
    private final Topics topics = Topics.withPrefix("chaos.");
    private final List<Fault> faults = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private ChildProcess broker;
    private final List<ChildProcess> coordinators = new ArrayList<>();
    private final List<ChildProcess> agents = new ArrayList<>();
    private String bootstrap;
    private final Map<ChildProcess, Integer> agentPorts = new java.util.HashMap<>();
    private final Map<ChildProcess, Integer> coordinatorPorts = new java.util.HashMap<>();
    private final HealthProbe health = new HealthProbe();

    private ChaosRun(Options options, PrintWriter out, Class<?> mainClass) {
        this.mainClass = mainClass;
        this.options = options;
        this.out = out;
        this.random = new Random(options.seed());
    }

    /**
     * Runs the whole thing; {@code out} gets progress lines and the report. {@code mainClass} is the
     * {@code daxseal} command line's main class, which every child process runs.
     */
    public static Result run(Options options, PrintWriter out, Class<?> mainClass) throws IOException, InterruptedException {
        return new ChaosRun(options, out, mainClass).run();
    }

    private Result run() throws IOException, InterruptedException {
        Path dir = options.runDir();
        Files.createDirectories(dir.resolve("records"));
        long started = System.currentTimeMillis();
        Workload workload = null;
        LocalRecordFile requesterRecords = null;
        // Ctrl-C must not leave a broker, coordinators and agents running behind the user's back.
        Thread cleanup = new Thread(this::killAll, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            startCluster();
            List<String> urls = agents.stream().map(a -> "http://127.0.0.1:" + agentPort(a)).toList();
            requesterRecords = LocalRecordFile.open(dir.resolve("records").resolve("requester.jsonl"), "requester",
                    InstantSource.system());
            workload = new Workload(bootstrap, topics, urls, random.nextLong(), requesterRecords);
            workload.start(3);
            progress("workload started; injecting faults for " + options.duration().toSeconds() + " s (seed "
                    + options.seed() + ")");
            injectFaults();
            settle();
            workload.close();
            progress("workload stopped: " + workload.summary());
            stopAgents();
            Thread.sleep(3000); // let the coordinator decide the agents' departures
            stopCoordinators();
            progress("checking S1-S7 on the log and the agents' records");
            Timeline timeline = new Timeline();
            CheckReport check = InvariantChecker.checkKafka(bootstrap, topics, List.of(dir.resolve("records")), 0, timeline);
            String report = new ChaosReport(options, faults, problems).render(check, timeline, workload.summary(),
                    System.currentTimeMillis() - started);
            Files.writeString(dir.resolve("report.txt"), report);
            out.print(report);
            out.flush();
            return new Result(check, List.copyOf(problems), report);
        } finally {
            if (workload != null) {
                workload.close();
            }
            if (requesterRecords != null) {
                requesterRecords.close();
            }
            for (ChildProcess p : agents) {
                p.stop(Duration.ofSeconds(10));
            }
            for (ChildProcess p : coordinators) {
                p.stop(Duration.ofSeconds(10));
            }
            if (broker != null) {
                broker.stop(Duration.ofSeconds(30));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
        }
    }

    private void killAll() {
        agents.forEach(ChildProcess::killOnExit);
        coordinators.forEach(ChildProcess::killOnExit);
        if (broker != null) {
            broker.killOnExit();
        }
    }

    // ---------------------------------------------------------------------------- processes

    private int agentPort(ChildProcess agent) {
        return agentPorts.get(agent);
    }

    private void startCluster() throws InterruptedException {
        Path dir = options.runDir();
        broker = new ChildProcess(mainClass, "broker", dir.resolve("logs/broker.log"), "768m",
                List.of("broker", "--data-dir", dir.resolve("broker").toString()));
        startBroker();
        for (String id : List.of("c1", "c2")) {
            int port = freePort(); // fixed: the harness asks each instance's health endpoint whether it decides
            ChildProcess c = new ChildProcess(mainClass, "coordinator-" + id, dir.resolve("logs/coordinator-" + id + ".log"), "384m",
                    List.of("coordinator", "--bootstrap-servers", bootstrap, "--failover", "--session-timeout",
                            options.sessionTimeout().toMillis() + "ms", "--instance-id", id, "--http-port",
                            Integer.toString(port), "--topic-prefix", "chaos.", "--inode-partitions", "4",
                            "--agent-partitions", "2", "--snapshot-every", "15s", "--snapshot-every-decisions", "500"));
            coordinatorPorts.put(c, port);
            c.start();
            coordinators.add(c);
        }
        awaitActiveCoordinator(Duration.ofSeconds(90));
        for (int i = 1; i <= options.agents(); i++) {
            String id = "a" + i;
            boolean stubborn = i == options.agents();
            int port = freePort();
            ChildProcess a = new ChildProcess(mainClass, "agent-" + id, dir.resolve("logs/agent-" + id + ".log"), "256m",
                    List.of("agent", "--agent-id", id, "--bootstrap-servers", bootstrap, "--ttl", options.ttl().toMillis()
                            + "ms", "--http-port", Integer.toString(port), "--topic-prefix", "chaos.", "--state-dir",
                            dir.resolve("agents").toString(), "--record-file",
                            dir.resolve("records").resolve(id + ".jsonl").toString(), "--on-recall",
                            stubborn ? "ignore" : "release"));
            agentPorts.put(a, port);
            agents.add(a);
            a.start();
        }
        for (ChildProcess a : agents) {
            awaitAgent(a);
        }
        progress("cluster up: broker " + bootstrap + ", coordinators c1 and c2 (failover), agents a1..a"
                + options.agents() + " (a" + options.agents() + " ignores recalls)");
    }

    private void startBroker() throws InterruptedException {
        broker.start();
        Matcher m = BROKER_READY.matcher(broker.awaitLine(l -> BROKER_READY.matcher(l).find(), Duration.ofSeconds(120)));
        if (!m.find()) {
            throw new IllegalStateException("unexpected broker output");
        }
        bootstrap = m.group(1);
    }

    private void awaitAgent(ChildProcess a) throws InterruptedException {
        a.awaitLine(l -> l.contains(" is running"), Duration.ofSeconds(90));
    }

    private ChildProcess awaitActiveCoordinator(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            ChildProcess active = activeCoordinator(null);
            if (active != null) {
                return active;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no coordinator became active within " + timeout.toSeconds() + " s");
    }

    /** The coordinator (other than {@code except}) whose health endpoint says it decides, or null. */
    private ChildProcess activeCoordinator(ChildProcess except) throws InterruptedException {
        for (ChildProcess c : coordinators) {
            if (c != except && c.alive() && health.probe(coordinatorPorts.get(c)) == HealthProbe.Health.ACTIVE) {
                return c;
            }
        }
        return null;
    }

    /** Waits until {@code c}'s health endpoint says it stands by; false if it does not within {@code timeout}. */
    private boolean awaitStandingBy(ChildProcess c, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (health.probe(coordinatorPorts.get(c)) == HealthProbe.Health.STANDING_BY) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    // ------------------------------------------------------------------------------- faults

    private void injectFaults() throws InterruptedException {
        List<Fault.Kind> firstRound = new ArrayList<>(List.of(Fault.Kind.values()));
        Collections.shuffle(firstRound, random);
        long until = System.currentTimeMillis() + options.duration().toMillis();
        int n = 0;
        while (!firstRound.isEmpty() || System.currentTimeMillis() < until) {
            Fault.Kind kind = !firstRound.isEmpty() ? firstRound.remove(0)
                    : Fault.Kind.values()[random.nextInt(Fault.Kind.values().length)];
            Thread.sleep(1500 + random.nextInt(2500)); // quiet time between faults: the workload runs
            n++;
            try {
                Fault f = inject(kind);
                faults.add(f);
                progress("fault " + n + ": " + kind.title + " (" + f.target + ")" + (f.observed.isEmpty() ? ""
                        : " " + f.observed));
            } catch (IllegalStateException e) {
                problems.add("fault " + n + " (" + kind.title + ") could not be injected or recovered: " + e.getMessage());
                progress("fault " + n + " FAILED: " + e.getMessage());
            }
        }
    }

    private Fault inject(Fault.Kind kind) throws InterruptedException {
        return switch (kind) {
            case KILL_BROKER -> {
                Fault f = new Fault(kind, "broker", now());
                broker.kill9();
                Thread.sleep(1000 + random.nextInt(2000));
                f.restartedAt = now();
                startBroker();
                f.endedAt = now();
                yield f;
            }
            case RESTART_BROKER -> {
                Fault f = new Fault(kind, "broker", now());
                broker.stop(Duration.ofSeconds(60));
                f.restartedAt = now();
                startBroker();
                f.endedAt = now();
                yield f;
            }
            case KILL_COORDINATOR -> {
                ChildProcess victim = awaitActiveCoordinator(Duration.ofSeconds(60));
                Fault f = new Fault(kind, victim.name(), now());
                victim.kill9();
                ChildProcess survivor = awaitActiveCoordinator(Duration.ofSeconds(60));
                f.observed.put("took over", survivor.name());
                victim.start(); // comes back as a standby
                f.endedAt = now();
                yield f;
            }
            case PAUSE_COORDINATOR -> {
                ChildProcess victim = awaitActiveCoordinator(Duration.ofSeconds(60));
                Fault f = new Fault(kind, victim.name(), now());
                victim.pause();
                Thread.sleep(options.sessionTimeout().toMillis() + 2000);
                ChildProcess survivor = activeCoordinator(victim);
                f.observed.put("took over", survivor == null ? "nobody yet" : survivor.name());
                victim.resume();
                f.restartedAt = now();
                if (awaitStandingBy(victim, Duration.ofSeconds(30))) {
                    f.observed.put("zombie stood down after", (now() - f.restartedAt) + " ms");
                } else {
                    problems.add(victim.name() + " was paused past its session but did not stand down after SIGCONT");
                }
                f.endedAt = now();
                yield f;
            }
            case STALL_COORDINATOR -> {
                // Longer than the agents' lease, shorter than the election session: the same instance decides on
                // waking, with every heartbeat of the stall unread. It must not expire agents whose heartbeats the
                // broker acknowledged (they did not self-revoke, S5).
                ChildProcess victim = awaitActiveCoordinator(Duration.ofSeconds(60));
                Fault f = new Fault(kind, victim.name(), now());
                victim.pause();
                Thread.sleep(options.ttl().toMillis() + 800);
                victim.resume();
                f.restartedAt = now();
                f.endedAt = now();
                yield f;
            }
            case KILL_AGENT -> {
                ChildProcess victim = agents.get(random.nextInt(agents.size()));
                Fault f = new Fault(kind, victim.name(), now());
                victim.kill9();
                Thread.sleep(options.ttl().toMillis() + 1500);
                f.restartedAt = now();
                victim.start();
                awaitAgent(victim);
                f.endedAt = now();
                yield f;
            }
            case PAUSE_AGENT -> {
                ChildProcess victim = agents.get(random.nextInt(agents.size()));
                Fault f = new Fault(kind, victim.name(), now());
                victim.pause();
                Thread.sleep(options.ttl().toMillis() + 1000 + random.nextInt(1000));
                victim.resume();
                f.restartedAt = now();
                f.endedAt = now();
                yield f;
            }
        };
    }

    /** After the last fault: every process runs and an instance decides again. */
    private void settle() throws InterruptedException {
        awaitActiveCoordinator(Duration.ofSeconds(90));
        for (ChildProcess a : agents) {
            if (!a.alive()) {
                a.start();
                awaitAgent(a);
            }
        }
        Thread.sleep(options.ttl().toMillis() + 1000); // agents revoked during the last fault register again
    }

    private void stopAgents() throws InterruptedException {
        for (ChildProcess a : agents) {
            a.stop(Duration.ofSeconds(15)); // SIGTERM: the agent revokes, publishes agent.left
        }
    }

    private void stopCoordinators() throws InterruptedException {
        for (ChildProcess c : coordinators) {
            c.stop(Duration.ofSeconds(15));
        }
    }

    private void progress(String line) {
        out.println("chaos: " + line);
        out.flush();
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
