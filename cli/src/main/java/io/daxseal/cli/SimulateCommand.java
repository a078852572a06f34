package io.daxseal.cli;

import io.daxseal.core.Ignored;
import io.daxseal.core.Outcome;
import io.daxseal.core.SealMachine;
import io.daxseal.core.sim.DecodingPipeline;
import io.daxseal.core.sim.LogReader;
import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import io.daxseal.events.Violation;
import io.daxseal.events.json.EventCodec;
import io.daxseal.events.json.JsonlWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal simulate}: decide a file of inputs with the clock taken from their {@code at}. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Decide a file of inputs; print the decided log.",
            "",
            "Reads agents' and requesters' events (JSON Lines, each with its 'at'), decides them with the clock",
            "taken from 'at' and timers as in PROTOCOL.md rule 7, and prints the decided log on standard output:",
            "every valid input (as it was written) and every decision, in order.",
            "Bad lines are reported on standard error with their line number and counted; they never stop the run."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the input was read to the end (bad lines, if any, are reported)",
                        "2:usage error, or the input cannot be read"})
final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    DaxsealCli root;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "the input events, one JSON object per line; '-' reads standard input")
    Path input;

    @Option(names = "--until", paramLabel = "MS",
            description = "after the last input, fire the timers due up to this time (epoch ms): recall deadlines "
                    + "and lease expiries that the input's last event did not reach")
    Long until;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (until != null && until < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--until must be a time in epoch milliseconds >= 0 (got " + until + ")");
        }
        EventCodec codec = EventCodec.standard();
        Reports reports = new Reports(err, input);
        Map<Ignored, Long> ignored = new EnumMap<>(Ignored.class);
        long[] counts = new long[2]; // inputs, decisions
        SealMachine machine = new SealMachine();
        try (LogReader reader = LogReader.open(input, codec);
             DecodingPipeline lines = new DecodingPipeline(reader);
             JsonlWriter log = codec.newJsonlWriter(root.stdout())) {
            LogReader.Line[] current = new LogReader.Line[1];
            Simulator simulator = new Simulator(machine, new Simulator.Sink() {
                @Override
                public void input(Input event) {
                    log.writeLine(current[0].bytes()); // the input as it came (rule 12)
                    counts[0]++;
                }

                @Override
                public void decision(Decision decision) {
                    log.write(decision);
                    counts[1]++;
                }
            });
            LogReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.isBad()) {
                    reports.badLine(line);
                } else if (line.event() instanceof Input event) {
                    current[0] = line;
                    Outcome outcome = simulator.offer(event);
                    if (outcome.isIgnored()) {
                        ignored.merge(outcome.ignored(), 1L, Long::sum);
                    }
                } else {
                    reports.badLine(line.number(), Violation.NOT_ACCEPTED_HERE, "'" + line.event().type()
                            + "' is a coordinator decision; simulate decides those itself. Give it agents' and "
                            + "requesters' events only, or use 'daxseal replay' for a decided log");
                }
            }
            if (until != null) {
                if (until < machine.clock()) {
                    err.println("simulate: --until " + until + " is before the last event's time " + machine.clock()
                            + "; no timer fired");
                }
                simulator.advanceTo(until);
            }
        } catch (IOException e) {
            err.println(Reports.cannotRead("simulate", input, e));
            return DaxsealCli.EXIT_USAGE;
        }
        err.println(summary(reports, ignored, counts, machine));
        return 0;
    }

    private static String summary(Reports reports, Map<Ignored, Long> ignored, long[] counts, SealMachine machine) {
        StringBuilder sb = new StringBuilder("simulate: ").append(counts[0]).append(" inputs decided");
        long ignoredTotal = ignored.values().stream().mapToLong(Long::longValue).sum();
        if (ignoredTotal > 0) {
            StringJoiner parts = new StringJoiner(", ", " (", ")");
            ignored.forEach((k, v) -> parts.add(v + " " + k));
            sb.append(", ").append(ignoredTotal).append(" of them ignored").append(parts);
        }
        sb.append("; ").append(counts[1]).append(" decisions; ").append(reports.badSummary());
        sb.append("; clock ").append(machine.clock()).append("; ").append(machine.liveSealCount()).append(" live seals");
        machine.nextTimerAt().ifPresent(next -> sb.append("; next timer fires at ").append(next)
                .append(" (--until fires it)"));
        return sb.toString();
    }
}
