package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code daxseal agents}: every incarnation the coordinator knows, with its status and lease. */
@Command(mixinStandardHelpOptions = true, name = "agents", description = "Show agents' incarnations with their status, lease and live seals.")
final class AgentsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CoordinatorQuery query;

    @Override
    public Integer call() throws Exception {
        return Http.show(spec, query, "/agents", (body, out) -> {
            out.printf("%-20s %-15s %-10s %8s %8s %6s%n", "AGENT", "INCARNATION", "STATUS", "TTL(ms)", "LEFT(ms)", "SEALS");
            for (JsonNode a : body.path("agents")) {
                out.printf("%-20s %-15d %-10s %8d %8s %6d%n", a.path("agent").asText(), a.path("incarnation").asLong(),
                        a.path("status").asText().toLowerCase(), a.path("ttlMs").asLong(),
                        a.has("leaseLeftMs") ? a.get("leaseLeftMs").asText() : "-", a.path("liveSeals").asInt());
            }
        });
    }
}
