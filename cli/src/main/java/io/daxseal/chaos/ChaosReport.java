package io.daxseal.chaos;

import io.daxseal.check.CheckReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A chaos run's report: the faults in order with what was observed, the recovery times read off
 * the log (median and max per fault kind), the workload, the log's size and the invariant check.
 */
final class ChaosReport {

    private final ChaosRun.Options options;
    private final List<Fault> faults;
    private final List<String> problems;

    ChaosReport(ChaosRun.Options options, List<Fault> faults, List<String> problems) {
        this.options = options;
        this.faults = faults;
        this.problems = problems;
    }

    /** The report, text; also adds to the problems what the log shows went wrong with a fault. */
    String render(CheckReport check, Timeline t, String workload, long elapsedMs) {
        Timeline timeline = t;
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        w.println();
        w.println("== daxseal chaos report ==");
        w.printf("seed %d, %d agents (ttl %d ms), 2 coordinators (session %d ms), faults for %d s, run took %d s%n",
                options.seed(), options.agents(), options.ttl().toMillis(), options.sessionTimeout().toMillis(),
                options.duration().toSeconds(), elapsedMs / 1000);
        w.println("run directory: " + options.runDir().toAbsolutePath() + " (process logs, records, broker data)");
        w.println();
        Map<Fault.Kind, List<Long>> recoveries = new EnumMap<>(Fault.Kind.class);
        Map<Fault.Kind, Integer> counts = new EnumMap<>(Fault.Kind.class);
        w.println("faults injected: " + faults.size());
        for (Fault f : faults) {
            counts.merge(f.kind, 1, Integer::sum);
            OptionalLong recovery = recovery(f, timeline);
            recovery.ifPresent(r -> recoveries.computeIfAbsent(f.kind, k -> new ArrayList<>()).add(r));
            if (f.kind == Fault.Kind.PAUSE_COORDINATOR) {
                String zombie = f.target.replace("coordinator-", "");
                long late = t.zombieCommitsAfterTakeover(zombie, f.at, f.endedAt);
                f.observed.put("zombie commits after takeover", Long.toString(late));
                if (late > 0) {
                    problems.add(f.target + " committed " + late + " journal entries after the survivor took over");
                }
            }
            w.printf("  %-8s %-20s %s%s%s%n", "+" + (f.at - faults.get(0).at) / 1000 + "s", f.target, f.kind.title,
                    recovery.isPresent() ? "; " + recoveryName(f.kind) + " " + recovery.getAsLong() + " ms"
                            : f.kind == Fault.Kind.KILL_AGENT || f.kind == Fault.Kind.PAUSE_AGENT
                            ? "; not expired meanwhile: its incarnation was fenced or replaced first, or a coordinator load re-armed its lease" : "",
                    f.observed.isEmpty() ? "" : " " + f.observed);
        }
        w.println();
        w.println("recovery times (median / max, ms):");
        for (Fault.Kind k : Fault.Kind.values()) {
            List<Long> r = recoveries.getOrDefault(k, List.of());
            if (r.isEmpty()) {
                w.printf("  %-84s %d injected, no measurement%n", k.title, counts.getOrDefault(k, 0));
                continue;
            }
            List<Long> sorted = r.stream().sorted().toList();
            w.printf("  %-84s %d injected, %s: %d / %d%n", k.title, counts.getOrDefault(k, 0), recoveryName(k),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }
        w.println();
        w.println("workload: " + workload);
        w.println("log: " + timeline.inputs + " inputs, " + timeline.decisions + " decisions, " + timeline.loads
                + " coordinator loads (start, failover, recovery)");
        w.println();
        check.print(w);
        if (!problems.isEmpty()) {
            w.println();
            w.println("harness problems:");
            problems.forEach(p -> w.println("  " + p));
        }
        w.println(check.allHold() && problems.isEmpty() ? "CHAOS RUN PASSED" : "CHAOS RUN FAILED");
        w.flush();
        return s.toString();
    }

    private static String recoveryName(Fault.Kind kind) {
        return switch (kind) {
            case KILL_BROKER, RESTART_BROKER -> "broker restart -> first decision";
            case KILL_COORDINATOR, PAUSE_COORDINATOR -> "fault -> first decision by the survivor";
            case STALL_COORDINATOR -> "SIGCONT -> first decision";
            case KILL_AGENT, PAUSE_AGENT -> "fault -> agent expired";
        };
    }

    private static OptionalLong recovery(Fault f, Timeline t) {
        OptionalLong at = switch (f.kind) {
            case KILL_BROKER, RESTART_BROKER, STALL_COORDINATOR -> t.firstDecision(f.restartedAt, null);
            case KILL_COORDINATOR, PAUSE_COORDINATOR -> t.firstDecision(f.at, f.target.replace("coordinator-", ""));
            // Only an expiry while the agent was down or frozen counts; else the incarnation ended otherwise (the
            // stubborn agent is often fenced for recall-timeout first, a restarted one replaces its predecessor).
            case KILL_AGENT, PAUSE_AGENT -> t.expiry(f.target.replace("agent-", ""), f.at, f.endedAt + 1000);
        };
        long from = switch (f.kind) {
            case KILL_BROKER, RESTART_BROKER, STALL_COORDINATOR -> f.restartedAt;
            default -> f.at;
        };
        return at.isPresent() ? OptionalLong.of(at.getAsLong() - from) : OptionalLong.empty();
    }
}
