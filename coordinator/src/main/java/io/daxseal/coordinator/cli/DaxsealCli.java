package io.daxseal.coordinator.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code daxseal} command: entry point of the launcher and of the runnable jar. */
@Command(name = "daxseal",
        mixinStandardHelpOptions = true,
        versionProvider = DaxsealCli.Version.class,
        description = {
            "Cluster-wide breakable extent-map seals for DAX/RDMA storage.",
            "",
            "Debug an incident: 'simulate' decides a file of agent and requester events and prints the decided log;",
            "'replay' rebuilds and shows the seal state from a decided log, or checks it (--check)."
        },
        subcommands = {SimulateCommand.class, ReplayCommand.class, GenerateCommand.class,
                       CommandLine.HelpCommand.class})
public final class DaxsealCli implements Runnable {

    /** Exit code of a check that found a difference. */
    static final int EXIT_DIFFERENCE = 1;
    /** Exit code of a usage error, an unreadable file, or a failure to run. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: simulate, replay or generate");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given output streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new DaxsealCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, ignoredArgs) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("daxseal: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("daxseal " + commandLine.getCommandName() + ": " + describe(e));
            return EXIT_USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        return code;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Reads the version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DaxsealCli.class.getPackage().getImplementationVersion();
            return new String[] {"daxseal " + (v == null ? "(development build)" : v) + ", protocol v1"};
        }
    }
}
