package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.http.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operation an {@code op} subcommand is about ({@code OP --inode KEY} at {@code --coordinator}),
 * and the one way such a subcommand asks the coordinator about it: an operation the coordinator
 * never read, or one that has ended, gets its own exit status.
 */
final class OpTarget {

    /** Sends one request about the operation at {@code path} ({@code /ops/OP}). */
    @FunctionalInterface
    interface Request {
        ApiClient.Response send(ApiClient client, String path) throws Exception;
    }

    @Parameters(index = "0", paramLabel = "OP", description = "The operation's id (op prints it).")
    String op;

    @Option(names = "--inode", required = true, paramLabel = "FS:INO:GEN",
            description = "The operation's inode. " + InodeKey.HELP)
    String inode;

    @Mixin
    CoordinatorUrl coordinator;

    /** Sends {@code request}; prints {@code line} of the answer on success. */
    int call(CommandLine.Model.CommandSpec spec, String command, Request request, Function<JsonNode, String> line)
            throws Exception {
        return Http.call(spec, () -> {
            ApiClient.Response r = request.send(new ApiClient(coordinator.url, "coordinator"),
                    "/ops/" + URLEncoder.encode(op, StandardCharsets.UTF_8));
            String error = r.body().path("error").asText();
            if (r.status() == 404 && error.equals("unknown-op")) {
                spec.commandLine().getErr().println("daxseal " + command + ": unknown: " + r.body().path("message").asText());
                return OpCommand.EXIT_UNKNOWN_OP;
            }
            if (r.status() >= 400) {
                return Http.error(spec.commandLine().getErr(), command, r);
            }
            spec.commandLine().getOut().println(line.apply(r.body()));
            return 0;
        });
    }
}
