package io.daxseal.cli;

import io.daxseal.http.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BiConsumer;
import picocli.CommandLine;

/** Shared handling of the CLI's HTTP calls: connection errors and 4xx/5xx answers exit 2 with the server's message. */
final class Http {

    interface Call {
        int run() throws Exception;
    }

    private Http() {
    }

    static int call(CommandLine.Model.CommandSpec spec, Call call) throws Exception {
        try {
            return call.run();
        } catch (ApiClient.Unreachable e) {
            spec.commandLine().getErr().println("daxseal " + spec.name() + ": " + e.getMessage());
            return DaxsealCli.EXIT_USAGE;
        }
    }

    /**
     * GETs {@code path} from the coordinator and prints the answer: its JSON with {@code --json},
     * else through {@code table}. A refusal or an unreachable server exits 2 with the server's message.
     */
    static int show(CommandLine.Model.CommandSpec spec, CoordinatorQuery query, String path,
                    BiConsumer<JsonNode, PrintWriter> table) throws Exception {
        return call(spec, () -> {
            ApiClient.Response r = new ApiClient(query.coordinator.url, "coordinator").get(path, Duration.ofSeconds(10));
            if (r.status() >= 400) {
                return error(spec.commandLine().getErr(), spec.name(), r);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (query.json) {
                out.println(r.body().toPrettyString());
            } else {
                table.accept(r.body(), out);
            }
            return 0;
        });
    }

    static int error(PrintWriter err, String command, ApiClient.Response r) {
        String field = r.body().path("field").asText("");
        err.println("daxseal " + command + ": " + r.body().path("message").asText(r.body().toString())
                + (field.isEmpty() ? "" : " [field: " + field + "]") + " (HTTP " + r.status() + ")");
        return DaxsealCli.EXIT_USAGE;
    }
}
