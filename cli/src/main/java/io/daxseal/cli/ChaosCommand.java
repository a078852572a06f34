package io.daxseal.cli;

import io.daxseal.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal chaos}: the chaos harness. */
@Command(mixinStandardHelpOptions = true, name = "chaos",
        description = {"Run a chaos test on this machine, with every fault kind, then check every invariant.",
            "A Kafka broker, two coordinators (failover) and several agents,",
            "each its own process, under a workload of pins, maps, releases and extent operations of every policy,",
            "with faults on a seeded schedule (kill -9 of the broker, a coordinator, an agent; SIGSTOP of a coordinator",
            "past its session and past the agents' ttl, and of agents; clean broker restarts; one agent ignores recalls). Then checks S1-S7 on the whole log and the",
            "agents' records and prints a report (also written to RUN-DIR/report.txt).",
            "Every fault kind is injected at least once, however short --duration is.",
            "Exit 0: every invariant holds and every fault was recovered from; 1: otherwise."})
final class ChaosCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to inject faults (default: ${DEFAULT-VALUE}; e.g. 30m for a long run).")
    Duration duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault schedule and the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--agents", defaultValue = "3", description = "Agents; the last ignores recalls (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--ttl", defaultValue = "3s", converter = DurationConverter.class,
            description = "The agents' lease (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--session-timeout", defaultValue = "6s", converter = DurationConverter.class,
            description = "The coordinators' election session; at least ttl + 2s (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Where data, process logs, records and the report go; must not exist (default: a new directory "
                    + "under target/ or the temp directory).")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        if (agents < 2 || agents > 20) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--agents must be 2..20");
        }
        if (ttl.toMillis() < 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ttl must be at least 1s");
        }
        if (sessionTimeout.toMillis() < 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--session-timeout must be at least 1s (the embedded broker's group.min.session.timeout.ms)");
        }
        if (sessionTimeout.toMillis() < ttl.toMillis() + 2000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--session-timeout must exceed --ttl by at least"
                    + " 2s, so that a coordinator can stall past the agents' lease without losing the election");
        }
        Path dir = runDir != null ? runDir : Files.createTempDirectory("daxseal-chaos-");
        if (runDir != null) {
            if (Files.exists(runDir)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--run-dir " + runDir
                        + " exists; give a new directory (a run starts from an empty broker)");
            }
            Files.createDirectories(runDir);
        }
        ChaosRun.Result result = ChaosRun.run(new ChaosRun.Options(duration, seed, agents, ttl, sessionTimeout, dir),
                spec.commandLine().getOut(), DaxsealCli.class);
        return result.passed() ? 0 : DaxsealCli.EXIT_DIFFERENCE;
    }
}
