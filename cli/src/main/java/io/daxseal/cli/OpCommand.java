package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.http.ApiClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code daxseal op KIND ...}: request an extent operation and wait for the decision. Exit 0
 * granted, 3 rejected (reason printed), 4 still undecided when the wait ran out, 2 usage or
 * connection error.
 */
@Command(mixinStandardHelpOptions = true, name = "op",
        customSynopsis = {"daxseal op KIND --inode=FS:INO:GEN --offset=N --policy=P [--length=N] [--break-timeout=DURATION]",
            "          [--op=ID] [--wait=DURATION] [--coordinator=URL]",
            "daxseal op (finish | status) OP --inode=FS:INO:GEN [options]"},
        description = {"Request an extent operation from the coordinator and wait until it is granted or rejected.",
            "Exit status: 0 granted, 3 rejected (the reason is printed), 4 not decided within --wait, 2 usage or",
            "connection error. 'op finish OP --inode KEY' ends a granted operation; 'op status OP --inode KEY'",
            "says where one is."},
        subcommands = {OpCommand.Finish.class, OpCommand.Status.class})
final class OpCommand implements Callable<Integer> {

    static final int EXIT_REJECTED = 3;
    static final int EXIT_PENDING = 4;
    /**
     * {@code op finish}/{@code op status}: no unfinished operation by that id: never requested, not
     * read yet, or ended (protocol v2: a coordinator forgets ended operations).
     */
    static final int EXIT_UNKNOWN_OP = 7;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Not marked required: picocli would then demand them before 'op finish' too. call() checks them.
    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", hideParamSyntax = true,
            description = "Required: truncate, punch-hole, collapse-range, insert-range, zero-range, reflink or move-extents.")
    String kind;

    @Option(names = "--inode", paramLabel = "FS:INO:GEN", description = "Required: the inode. " + InodeKey.HELP)
    String inode;

    @Option(names = "--offset", paramLabel = "N", description = "Required.")
    Long offset;

    @Option(names = "--length", paramLabel = "N", description = "Default: to the end of the file.")
    Long length;

    @Option(names = "--policy", paramLabel = "P", description = "Required: fail-fast, recall or recall-then-break.")
    String policy;

    @Option(names = "--break-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long recalled holders get (e.g. 500ms, 5s; default: ${DEFAULT-VALUE}).")
    Duration breakTimeout;

    @Option(names = "--op", paramLabel = "ID", description = "The operation's id (default: a generated one).")
    String op;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the decision (default: break timeout + 30s).")
    Duration waitFor;

    @CommandLine.Mixin
    CoordinatorUrl coordinator;

    @Override
    public Integer call() throws Exception {
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (kind == null) {
            missing.add("KIND");
        }
        if (inode == null) {
            missing.add("--inode");
        }
        if (offset == null) {
            missing.add("--offset");
        }
        if (policy == null) {
            missing.add("--policy");
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing " + String.join(", ", missing)
                    + " (e.g. op truncate --inode fs:12:1 --offset 0 --policy recall --break-timeout 5s)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (op != null) {
            body.put("op", op);
        }
        body.put("inode", inode);
        body.put("offset", offset);
        if (length != null) {
            body.put("length", length);
        }
        body.put("kind", kind);
        body.put("policy", policy);
        body.put("breakTimeoutMs", breakTimeout.toMillis());
        body.put("requester", "daxseal-cli");
        long waitMs = waitFor != null ? waitFor.toMillis() : breakTimeout.toMillis() + 30_000;
        body.put("waitMs", waitMs);
        return Http.call(spec, () -> {
            ApiClient.Response r = new ApiClient(coordinator.url, "coordinator").post("/ops", body, Duration.ofMillis(waitMs + 20_000));
            return report(spec.commandLine().getOut(), spec.commandLine().getErr(), r);
        });
    }

    static int report(PrintWriter out, PrintWriter err, ApiClient.Response r) {
        JsonNode b = r.body();
        if (r.status() >= 400) {
            return Http.error(err, "op", r);
        }
        String state = b.path("state").asText();
        String op = b.path("op").asText();
        String inode = b.path("inode").asText();
        switch (state) {
            case "granted" -> {
                out.println("granted: " + op + " on " + inode + " (finish it with: ./daxseal op finish " + op
                        + " --inode " + inode + ")");
                return 0;
            }
            case "rejected" -> {
                out.println("rejected: " + op + " on " + inode + ": " + b.path("reason").asText());
                return EXIT_REJECTED;
            }
            default -> {
                out.println("not decided yet: " + op + " on " + inode + " is " + state + waitsFor(b));
                return EXIT_PENDING;
            }
        }
    }

    /** What an undecided operation waits for: the operations it is queued behind, or the seals it recalled. */
    static String waitsFor(JsonNode b) {
        if (!b.path("behind").isEmpty()) {
            return ", queued behind operation(s) " + String.join(", ", strings(b.path("behind")))
                    + " over an overlapping range";
        }
        if (!b.path("recalled").isEmpty()) {
            return (b.has("deadline") ? ", until " + b.get("deadline").asLong() : "") + " waiting for the recalled seal(s) "
                    + String.join(", ", strings(b.path("recalled")));
        }
        return "";
    }

    private static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> all = new java.util.ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }

    /** {@code daxseal op status OP --inode KEY}: where an operation is. */
    @Command(mixinStandardHelpOptions = true, name = "status",
            description = "Say where an unfinished operation is: queued, recalling (with its deadline and the seals it waits for) or granted.",
            exitCodeListHeading = "Exit status:%n", exitCodeList = {"0:the coordinator knows the operation (its state is printed)",
                "2:usage error, or the coordinator cannot be reached", "7:no unfinished operation by that id: never requested, not read yet, or ended"})
    static final class Status implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        OpTarget target;

        @Override
        public Integer call() throws Exception {
            return target.call(spec, "op status", (client, path) -> client.get(path + "?inode="
                    + URLEncoder.encode(target.inode, StandardCharsets.UTF_8), Duration.ofSeconds(20)),
                    b -> target.op + " on " + target.inode + ": " + b.path("state").asText() + waitsFor(b));
        }
    }

    /** {@code daxseal op finish OP --inode KEY}: publish {@code op.finished}. */
    @Command(mixinStandardHelpOptions = true, name = "finish", description = "End a granted operation (or withdraw a waiting one): publishes op.finished.",
            exitCodeListHeading = "Exit status:%n", exitCodeList = {"0:op.finished was published", "2:usage error, or the "
                + "coordinator cannot be reached", "7:no unfinished operation by that id: never requested, not read yet, or ended"})
    static final class Finish implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        OpTarget target;

        @Option(names = "--outcome", defaultValue = "done", description = "done or aborted (default: ${DEFAULT-VALUE}).")
        String outcome;

        @Override
        public Integer call() throws Exception {
            return target.call(spec, "op finish", (client, path) -> client.post(path + "/finish",
                    Map.of("inode", target.inode, "outcome", outcome), Duration.ofSeconds(20)),
                    b -> "finished: " + target.op + " on " + target.inode + " (" + outcome + ")");
        }
    }
}
