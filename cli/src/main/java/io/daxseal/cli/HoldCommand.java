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
 * {@code daxseal pin|map}: take a seal through an agent daemon for a process and hold it, in the
 * foreground, until the seal is gone: released (Ctrl-C here, {@code daxseal release}, or the API),
 * recalled (released cooperatively), revoked or broken, or the holder process exits. The exit status
 * says which.
 */
@Command(exitCodeListHeading = "Exit status:%n", exitCodeList = {
    "0:released (Ctrl-C, daxseal release, the API) or recalled and released",
    "2:usage error, or the agent daemon cannot be reached",
    "3:denied (the reason is printed)",
    "5:revoked or broken (the agent's lease in doubt, its incarnation ended, a break)",
    "6:the holder process exited"})
abstract class HoldCommand implements Callable<Integer> {

    /** The seal was taken away: broken, revoked because the agent's lease was in doubt or its incarnation ended. */
    static final int EXIT_REVOKED = 5;
    /** The holder process exited, so the agent released its seals. */
    static final int EXIT_HOLDER_EXITED = 6;
    /** How long one long poll of the daemon's feed waits; the seal's presence is checked after each empty one. */
    private static final Duration POLL = Duration.ofSeconds(5);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AgentUrl agent;

    @Option(names = "--inode", required = true, paramLabel = "FS:INO:GEN", description = "The file. " + InodeKey.HELP)
    String inode;

    @Option(names = "--offset", required = true, paramLabel = "N", description = "Where the range starts, in bytes.")
    long offset;

    @Option(names = "--length", required = true, paramLabel = "N", description = "The range's length in bytes (at least 1).")
    long length;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "The holder process.")
    int pid;

    abstract String kind();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = agent.client();
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
            int code = holdUntilGone(client, seal, release, out);
            Runtime.getRuntime().removeShutdownHook(releaseOnExit);
            return code;
        });
    }

    /**
     * Follows the daemon's feed until this seal is gone, and says why. The feed names every way a
     * seal ends through this daemon; between long polls the seal's presence is checked too, so that
     * nothing (a release by a library caller, a lost event) leaves this command running for ever.
     */
    private int holdUntilGone(ApiClient client, String seal, String release, PrintWriter out) throws Exception {
        int after = 0;
        while (true) {
            ApiClient.Response ev = client.get("/events?after=" + after + "&waitMs=" + POLL.toMillis(),
                    POLL.plusSeconds(10));
            after = ev.body().path("next").asInt(after);
            for (JsonNode e : ev.body().path("events")) {
                if (!seal.equals(e.path("seal").asText()) || !inode.equals(e.path("inode").asText())) {
                    continue;
                }
                switch (e.path("type").asText()) {
                    case "recalled" -> {
                        out.println("recalled by " + e.path("op").asText() + ": releasing");
                        client.delete(release + "&reason=recall", Duration.ofSeconds(10));
                        return 0;
                    }
                    case "released" -> {
                        out.println("released (" + e.path("reason").asText() + ")");
                        return 0;
                    }
                    default -> {
                        String reason = e.path("reason").asText();
                        out.println("revoked: " + reason);
                        return reason.equals("process-exited") ? EXIT_HOLDER_EXITED : EXIT_REVOKED;
                    }
                }
            }
            if (ev.body().path("events").isEmpty() && !held(client, seal)) {
                out.println("gone: seal " + seal + " on " + inode + " is no longer held by the agent");
                return EXIT_REVOKED;
            }
        }
    }

    private boolean held(ApiClient client, String seal) throws Exception {
        ApiClient.Response r = client.get("/seals", Duration.ofSeconds(10));
        for (JsonNode s : r.body().path("seals")) {
            if (seal.equals(s.path("seal").asText()) && inode.equals(s.path("inode").asText())) {
                return true;
            }
        }
        return r.status() >= 400; // the daemon could not say: keep holding, and ask again
    }

    /** {@code daxseal pin}. */
    @Command(mixinStandardHelpOptions = true, name = "pin", description = {
            "Pin a range through the agent daemon (an RDMA registration) and hold it.",
            "Stays in the foreground until the seal is gone; Ctrl-C releases it."})
    static final class Pin extends HoldCommand {
        @Override
        String kind() {
            return "pin";
        }
    }

    /** {@code daxseal map}. */
    @Command(mixinStandardHelpOptions = true, name = "map", description = {
            "Map a range through the agent daemon (MAP_DIRECT) and hold it.",
            "Stays in the foreground until the seal is gone; Ctrl-C releases it."})
    static final class MapSeal extends HoldCommand {
        @Override
        String kind() {
            return "map";
        }
    }
}
