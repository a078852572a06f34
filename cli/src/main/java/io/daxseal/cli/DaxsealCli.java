package io.daxseal.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
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
            "Try it: 'demo'. Run it: 'coordinator', 'agent', 'broker'.",
            "Use it: 'op', 'seals', 'agents', 'pin', 'map', 'release'.",
            "Debug an incident: 'simulate', 'replay', 'check'. Test it: 'chaos', 'generate'."
        },
        subcommands = {DemoCommand.class, CoordinatorCommand.class, BrokerCommand.class, OpCommand.class, SealsCommand.class, AgentsCommand.class,
                       AgentCommand.class, HoldCommand.Pin.class, HoldCommand.MapSeal.class, ReleaseCommand.class,
                       SimulateCommand.class, ReplayCommand.class, CheckCommand.class, ChaosCommand.class, GenerateCommand.class,
                       CommandLine.HelpCommand.class})
public final class DaxsealCli implements Runnable {

    /** Exit code of a check that found a difference. */
    static final int EXIT_DIFFERENCE = 1;
    /** Exit code of a usage error, an unreadable file, or a failure to run. */
    static final int EXIT_USAGE = 2;
    /** A fatal error (an {@link Error}, out of memory most likely) in any thread ended the process. */
    static final int EXIT_FATAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Standard output as bytes, for the commands that write logs (they write UTF-8 directly,
     * without going through characters). Text output goes through {@code spec.commandLine().getOut()}.
     */
    private OutputStream stdout;

    OutputStream stdout() {
        return stdout;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }

    public static void main(String[] args) {
        // A fatal error (out of memory, say) in any thread of any command ends the process with a clear line and a
        // non-zero status: a daemon with a dead thread must not go on looking alive, nor a command wait for ever.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                System.err.println("daxseal: fatal error in thread '" + thread.getName() + "': " + e + "; exiting");
                System.err.flush();
                Runtime.getRuntime().halt(EXIT_FATAL);
            }
            System.err.println("daxseal: thread '" + thread.getName() + "' stopped: " + e);
            e.printStackTrace();
        });
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(stdout, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given output writers; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new Utf8ToWriter(out), out, err, args);
    }

    /** The command line's model, for tests that read the help a user sees. */
    static CommandLine commandLine() {
        return new CommandLine(new DaxsealCli());
    }

    private static int execute(OutputStream stdout, PrintWriter out, PrintWriter err, String... args) {
        DaxsealCli root = new DaxsealCli();
        root.stdout = stdout;
        CommandLine cli = new CommandLine(root);
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
            return new String[] {"daxseal " + (v == null ? "(development build)" : v) + ", protocol v"
                    + io.daxseal.events.json.EventCodec.CURRENT_VERSION};
        }
    }
}
