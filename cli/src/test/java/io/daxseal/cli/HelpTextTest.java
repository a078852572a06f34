package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help a new user reads: every summary one complete line, every option and parameter described. */
class HelpTextTest {

    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        collect(DaxsealCli.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    void theVersionNamesTheProtocolTheCodecWrites() {
        assertThat(new DaxsealCli.Version().getVersion()[0]).endsWith(", protocol v2");
    }

    @Test
    void everySummaryIsOneCompleteLine() {
        List<String> cut = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            String[] description = c.getCommandSpec().usageMessage().description();
            if (c.getCommandSpec().name().equals("help")) {
                continue; // picocli's own
            }
            if (description.length == 0 || !description[0].strip().endsWith(".")) {
                cut.add(c.getCommandSpec().qualifiedName() + ": " + (description.length == 0 ? "(none)" : description[0]));
            }
        }
        assertThat(cut).as("summaries shown in the command list").isEmpty();
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        List<String> bare = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            CommandSpec spec = c.getCommandSpec();
            if (spec.name().equals("help")) {
                continue;
            }
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                if (a.description().length == 0 || a.description()[0].isBlank()) {
                    bare.add(spec.qualifiedName() + " " + a.paramLabel() + (a.isOption()
                            ? " (" + String.join("/", ((CommandLine.Model.OptionSpec) a).names()) + ")" : ""));
                }
            }
        }
        assertThat(bare).as("options and parameters without a description").isEmpty();
    }

    @Test
    void theInodeKeyIsExplained() {
        for (CommandLine c : allCommands()) {
            CommandLine.Model.OptionSpec inode = c.getCommandSpec().findOption("--inode");
            if (inode != null) {
                assertThat(String.join(" ", inode.description())).as(c.getCommandSpec().qualifiedName())
                        .contains("last two fields");
            }
        }
    }

    @Test
    void opShowsItsKindAsRequired() {
        StringWriter out = new StringWriter();
        DaxsealCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "op", "--help");
        assertThat(out.toString()).contains("op KIND").doesNotContain("[KIND]");
    }

    @Test
    void noCommandNamesEveryCommand() {
        StringWriter err = new StringWriter();
        int code = DaxsealCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("name a command: demo, coordinator, broker, op, seals, agents, agent, pin, "
                + "map, release, simulate, replay, check, chaos, generate");
    }

    @Test
    void replayDoesNotPromiseADumpNoCommandMakes() {
        StringWriter out = new StringWriter();
        DaxsealCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "replay", "--help");
        assertThat(out.toString()).doesNotContain("dump of the inode and agent logs");
    }
}
