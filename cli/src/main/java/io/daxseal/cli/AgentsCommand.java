package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.http.ApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal agents}: every incarnation the coordinator knows, with its status and lease. */
@Command(mixinStandardHelpOptions = true, name = "agents", description = "Show agents' incarnations with their status, lease and live seals.")
final class AgentsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @CommandLine.Mixin
    CoordinatorUrl coordinator;

    @Override
    public Integer call() throws Exception {
        return Http.call(spec, () -> {
            ApiClient.Response r = new ApiClient(coordinator.url).get("/agents", Duration.ofSeconds(10));
            if (r.status() >= 400) {
                return Http.error(spec.commandLine().getErr(), "agents", r);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(r.body().toPrettyString());
                return 0;
            }
            out.printf("%-20s %-15s %-10s %8s %6s%n", "AGENT", "INCARNATION", "STATUS", "TTL(ms)", "SEALS");
            for (JsonNode a : r.body().path("agents")) {
                out.printf("%-20s %-15d %-10s %8d %6d%n", a.path("agent").asText(), a.path("incarnation").asLong(),
                        a.path("status").asText().toLowerCase(), a.path("ttlMs").asLong(), a.path("liveSeals").asInt());
            }
            return 0;
        });
    }
}
