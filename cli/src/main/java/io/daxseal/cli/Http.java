package io.daxseal.cli;

import io.daxseal.http.ApiClient;
import java.io.PrintWriter;
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

    static int error(PrintWriter err, String command, ApiClient.Response r) {
        String field = r.body().path("field").asText("");
        err.println("daxseal " + command + ": " + r.body().path("message").asText(r.body().toString())
                + (field.isEmpty() ? "" : " [field: " + field + "]") + " (HTTP " + r.status() + ")");
        return DaxsealCli.EXIT_USAGE;
    }
}
