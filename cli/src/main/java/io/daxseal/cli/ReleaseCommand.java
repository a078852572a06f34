package io.daxseal.cli;

import io.daxseal.http.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal release}: release a seal held through an agent daemon. */
@Command(mixinStandardHelpOptions = true, name = "release", description = "Release a seal held through the agent daemon.")
final class ReleaseCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AgentUrl agent;

    @Option(names = "--inode", required = true, paramLabel = "FS:INO:GEN", description = "The seal's inode. " + InodeKey.HELP)
    String inode;

    @Option(names = "--seal", required = true, paramLabel = "ID", description = "The seal's id (pin and map print it).")
    String seal;

    @Override
    public Integer call() throws Exception {
        return Http.call(spec, () -> {
            ApiClient.Response r = agent.client().delete("/seals/" + URLEncoder.encode(seal, StandardCharsets.UTF_8)
                    + "?inode=" + URLEncoder.encode(inode, StandardCharsets.UTF_8), Duration.ofSeconds(15));
            if (r.status() >= 400) {
                return Http.error(spec.commandLine().getErr(), "release", r);
            }
            spec.commandLine().getOut().println("released: " + seal + " on " + inode);
            return 0;
        });
    }
}
