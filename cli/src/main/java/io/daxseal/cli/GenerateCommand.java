package io.daxseal.cli;

import io.daxseal.workload.WorkloadGenerator;
import io.daxseal.events.json.EventCodec;
import io.daxseal.events.json.JsonlWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal generate}: write a realistic input file for {@code simulate} and the benchmarks. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a realistic input file for simulate and benchmarks.",
            "",
            "Writes a seeded, realistic stream of agents' and requesters' events (JSON Lines) for 'simulate':",
            "registrations, heartbeats every ttl/3, pins and maps, releases, process exits, agent restarts and",
            "extent operations of every policy. The same seed always gives the same file."
        })
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    DaxsealCli root;

    @Option(names = "--lines", required = true, paramLabel = "N", description = "how many events to write")
    long lines;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "100", description = "agents (default: ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--inodes", paramLabel = "N", defaultValue = "10000", description = "inodes (default: ${DEFAULT-VALUE})")
    int inodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--ttl", paramLabel = "MS", defaultValue = "10000", description = "agents' lease (default: ${DEFAULT-VALUE})")
    long ttlMs;

    @Option(names = "--events-per-ms", paramLabel = "N", defaultValue = "100",
            description = "events per millisecond of simulated time (default: ${DEFAULT-VALUE})")
    int eventsPerMs;

    @Option(names = "--output", paramLabel = "FILE", description = "write here instead of standard output")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (lines < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines must be >= 0 (got " + lines + ")");
        }
        WorkloadGenerator generator;
        try {
            generator = new WorkloadGenerator(new WorkloadGenerator.Config(agents, inodes, seed, 1_700_000_000_000L,
                    ttlMs, eventsPerMs));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        OutputStream target = output == null ? root.stdout()
                : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
        try (JsonlWriter writer = EventCodec.standard().newJsonlWriter(target)) {
            for (long i = 0; i < lines; i++) {
                writer.write(generator.next());
            }
        } finally {
            if (output != null) {
                target.close();
            }
        }
        return 0;
    }
}
