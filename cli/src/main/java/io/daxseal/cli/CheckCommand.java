package io.daxseal.cli;

import io.daxseal.check.CheckReport;
import io.daxseal.check.InvariantChecker;
import io.daxseal.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal check}: verify S1–S7 on a whole log. */
@Command(mixinStandardHelpOptions = true, name = "check",
        description = {"Check the safety properties S1-S7 on a whole log and the agents' records.",
            "The log: a Kafka cluster's daxseal topics or a decided .jsonl file; the records: the agents' local",
            "records (agent --record-file), for S5 and S6.",
            "Prints what it checked and every violation with the records involved.",
            "Exit 0: every checked property holds; 1: a violation; 2: the log cannot be read."})
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Source {
        @Option(names = "--file", paramLabel = "LOG.jsonl", description = "A decided log file (e.g. from 'daxseal simulate').")
        Path file;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "A Kafka cluster with daxseal's topics.")
        String bootstrapServers;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--topic-prefix", defaultValue = "daxseal.", description = "With --bootstrap-servers (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--records", paramLabel = "FILE|DIR",
            description = "Local record files of agents and requesters, or directories of *.jsonl of them (repeatable).")
    List<Path> records = List.of();

    @Option(names = "--clock-skew", defaultValue = "0ms", converter = DurationConverter.class,
            description = "How far agents' clocks may be from the coordinator's; S5 requires deadline + skew < break "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration clockSkew;

    @Override
    public Integer call() throws Exception {
        for (Path r : records) {
            if (!Files.exists(r)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--records " + r + ": no such file or directory");
            }
        }
        CheckReport report;
        try {
            if (source.file != null) {
                if (!Files.isRegularFile(source.file)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--file " + source.file + ": no such file");
                }
                report = InvariantChecker.checkFile(source.file, records, clockSkew.toMillis());
            } else {
                report = InvariantChecker.checkKafka(source.bootstrapServers, Topics.withPrefix(topicPrefix), records,
                        clockSkew.toMillis());
            }
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("daxseal check: cannot read the log: " + e.getMessage());
            return DaxsealCli.EXIT_USAGE;
        }
        report.print(spec.commandLine().getOut());
        return report.allHold() ? 0 : DaxsealCli.EXIT_DIFFERENCE;
    }
}
