package io.daxseal.cli;

import io.daxseal.core.LogInconsistencyException;
import io.daxseal.core.SealMachine;
import io.daxseal.core.StateSnapshot;
import io.daxseal.core.sim.DecodingPipeline;
import io.daxseal.core.check.S4Audit;
import io.daxseal.core.sim.LogReader;
import io.daxseal.events.Inode;
import io.daxseal.events.json.EventCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal replay}: rebuild the seal state from a decided log, show it, or check it (S4). */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Show the seal state of a decided log, or check it (--check).",
            "",
            "Rebuilds the seal state from a decided log by applying its events (nothing is re-decided) and shows",
            "it as of the end of the log or of line LINE: per inode the live seals and the unfinished operations,",
            "per agent incarnation its status and lease. With --check, re-decides the log's inputs instead and",
            "reports the first decision that differs from the log (S4), or that all match."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the state was shown, or --check found every decision matching",
                        "1:--check found a decision that differs from the log",
                        "2:usage error, or the log cannot be read"})
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--log", required = true, paramLabel = "FILE",
            description = "a decided log, as 'simulate' prints it; '-' reads standard input")
    Path log;

    @Option(names = "--at", paramLabel = "LINE", description = "show the state after line LINE (default: the end)")
    Long atLine;

    @Option(names = "--inode", paramLabel = "FS:INO:GEN", description = "Show only this inode. " + InodeKey.HELP)
    String inodeKey;

    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;

    @Option(names = "--check", description = "re-decide the log's inputs and compare with its decisions")
    boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (atLine != null && atLine < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at must be a line number >= 1 (got " + atLine + ")");
        }
        Inode inode = null;
        if (inodeKey != null) {
            try {
                inode = Inode.parseKey(inodeKey);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--inode: " + e.getMessage());
            }
        }
        long upTo = atLine == null ? Long.MAX_VALUE : atLine;
        Reports reports = new Reports(err, log);
        try (LogReader reader = LogReader.open(log, EventCodec.standard()); DecodingPipeline lines = new DecodingPipeline(reader)) {
            if (check) {
                return check(lines, upTo, reports, out);
            }
            SealMachine machine = new SealMachine();
            long lastLine = 0;
            long events = 0;
            LogReader.Line line;
            while ((line = lines.next()) != null && line.number() <= upTo) {
                lastLine = line.number();
                if (line.isBad()) {
                    reports.badLine(line);
                    continue;
                }
                try {
                    machine.replay(line.event());
                    events++;
                } catch (LogInconsistencyException e) {
                    reports.inconsistent(line.number(), e.getMessage());
                }
            }
            if (atLine != null && lastLine < atLine) {
                err.println("replay: the log ends at line " + reader.lineNumber() + ", before --at " + atLine
                        + "; showing the state at its end");
            }
            StateSnapshot snapshot = inode == null ? machine.snapshot() : machine.snapshot(inode);
            ReplayView view = new ReplayView(log.toString(), lastLine, events, reports.badCount(),
                    reports.inconsistentCount(), machine.digest(), snapshot, inode == null ? null : inode.key(),
                    machine.ignoredCounts());
            if (json) {
                SnapshotJson.write(view, out);
            } else {
                SnapshotTable.write(view, out);
            }
            err.println("replay: " + events + " events applied up to line " + lastLine + "; " + reports.badSummary()
                    + (reports.inconsistentCount() > 0 ? "; " + reports.inconsistentCount() + " inconsistent events skipped" : ""));
            return 0;
        } catch (IOException e) {
            err.println(Reports.cannotRead("replay", log, e));
            return DaxsealCli.EXIT_USAGE;
        }
    }

    /** What replay shows: the state and where it came from. */
    record ReplayView(String log, long line, long events, long badLines, long inconsistentEvents, String digest,
                      StateSnapshot state, String inodeFilter, java.util.Map<?, Long> ignored) {
    }

    private int check(DecodingPipeline lines, long upTo, Reports reports, PrintWriter out) {
        S4Audit checker = new S4Audit();
        LogReader.Line line;
        boolean complete = true;
        while ((line = lines.next()) != null) {
            if (line.number() > upTo) {
                complete = false;
                break;
            }
            if (line.isBad()) {
                reports.badLine(line);
                continue;
            }
            if (!checker.accept("line " + line.number(), line.event())) {
                break;
            }
        }
        S4Audit.Difference mismatch = checker.finishFile(complete);
        EventCodec codec = EventCodec.standard();
        if (mismatch != null) {
            out.println("check: MISMATCH after " + checker.eventsChecked() + " matching events ("
                    + checker.decisionsChecked() + " decisions)");
            if (mismatch.inLog() == null) {
                out.println("  the log ends, but re-deciding its inputs goes on with:");
                out.println("    " + codec.encode(mismatch.reDecided()));
            } else {
                out.println("  " + mismatch.where() + " of the log has:");
                out.println("    " + codec.encode(mismatch.inLog()));
                out.println("  re-deciding the log's inputs gives " + (mismatch.reDecided() == null ? "nothing more" : "instead:"));
                if (mismatch.reDecided() != null) {
                    out.println("    " + codec.encode(mismatch.reDecided()));
                }
            }
            out.println("  (" + reports.badSummary() + ")");
            return DaxsealCli.EXIT_DIFFERENCE;
        }
        String replayed = checker.replayed().digest();
        String reDecided = checker.reDecided().digest();
        out.println("check: OK: all " + checker.decisionsChecked() + " decisions match re-deciding the log's inputs ("
                + checker.eventsChecked() + " events; " + reports.badSummary() + ")");
        out.println("state digest: replayed " + replayed + (replayed.equals(reDecided) ? " = " : " != ")
                + "re-decided " + reDecided + (replayed.equals(reDecided) ? "" : " (the log ends in the middle of a step)"));
        return 0;
    }
}
