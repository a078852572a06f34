package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.http.ApiClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code daxseal pin|map}: take a seal through an agent daemon for a process and hold it until it is
 * released (Ctrl-C), recalled (released cooperatively), revoked, or the process exits.
 */
abstract class HoldCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", defaultValue = "http://127.0.0.1:7071", paramLabel = "URL",
            description = "The agent daemon (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--inode", required = true, paramLabel = "FS:INO:GEN")
    String inode;

    @Option(names = "--offset", required = true, paramLabel = "N")
    long offset;

    @Option(names = "--length", required = true, paramLabel = "N")
    long length;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "The holder process.")
    int pid;

    abstract String kind();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = new ApiClient(agent);
        return Http.call(spec, () -> {
            ApiClient.Response r = client.post("/seals", Map.of("inode", inode, "offset", offset, "length", length,
                    "pid", pid, "kind", kind()), Duration.ofMinutes(2));
            if (r.status() == 409) {
                out.println("denied: " + r.body().path("reason").asText());
                return OpCommand.EXIT_REJECTED;
            }
            if (r.status() >= 400) {
                return Http.error(spec.commandLine().getErr(), kind(), r);
            }
            String seal = r.body().path("seal").asText();
            out.println("granted: seal " + seal + " on " + inode + " token " + r.body().path("token").asLong()
                    + "; holding until released, recalled, revoked or pid " + pid + " exits");
            out.flush();
            String release = "/seals/" + seal + "?inode=" + URLEncoder.encode(inode, StandardCharsets.UTF_8);
            Thread releaseOnExit = new Thread(() -> {
                try {
                    client.delete(release, Duration.ofSeconds(5));
                } catch (Exception e) {
                    // the daemon may be gone; its lease then ends the seal
                }
            });
            Runtime.getRuntime().addShutdownHook(releaseOnExit);
            int after = 0;
            while (true) {
                ApiClient.Response ev = client.get("/events?after=" + after + "&waitMs=30000", Duration.ofSeconds(40));
                after = ev.body().path("next").asInt(after);
                for (JsonNode e : ev.body().path("events")) {
                    if (!seal.equals(e.path("seal").asText()) || !inode.equals(e.path("inode").asText())) {
                        continue;
                    }
                    if (e.path("type").asText().equals("recalled")) {
                        out.println("recalled by " + e.path("op").asText() + ": releasing");
                        client.delete(release + "&reason=recall", Duration.ofSeconds(10));
                    } else {
                        out.println("revoked: " + e.path("reason").asText());
                    }
                    Runtime.getRuntime().removeShutdownHook(releaseOnExit);
                    return 0;
                }
            }
        });
    }

    /** {@code daxseal pin}. */
    @Command(mixinStandardHelpOptions = true, name = "pin", description = "Pin a range through the agent daemon (an RDMA registration) and hold it.")
    static final class Pin extends HoldCommand {
        @Override
        String kind() {
            return "pin";
        }
    }

    /** {@code daxseal map}. */
    @Command(mixinStandardHelpOptions = true, name = "map", description = "Map a range through the agent daemon (MAP_DIRECT) and hold it.")
    static final class MapSeal extends HoldCommand {
        @Override
        String kind() {
            return "map";
        }
    }
}
