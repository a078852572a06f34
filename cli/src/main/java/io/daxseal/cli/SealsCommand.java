package io.daxseal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal seals [--inode KEY]}: the live seals and unfinished operations, from the coordinator. */
@Command(mixinStandardHelpOptions = true, name = "seals", description = "Show live seals and unfinished operations (all inodes, or one).")
final class SealsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--inode", paramLabel = "FS:INO:GEN", description = "Only this inode. " + InodeKey.HELP)
    String inode;

    @CommandLine.Mixin
    CoordinatorQuery query;

    @Override
    public Integer call() throws Exception {
        String path = inode == null ? "/seals" : "/seals?inode=" + URLEncoder.encode(inode, StandardCharsets.UTF_8);
        return Http.show(spec, query, path, (body, out) -> {
            JsonNode inodes = body.path("inodes");
            if (inodes.isEmpty()) {
                out.println(inode == null ? "no live seals and no unfinished operations" : "nothing on " + inode);
            }
            for (JsonNode i : inodes) {
                out.println(i.path("inode").asText());
                for (JsonNode s : i.path("seals")) {
                    out.printf("  seal %-10s %-4s [%d, +%d)  token %d  %s#%d pid %d%s%n", s.path("seal").asText(),
                            s.path("kind").asText(), s.path("range").path("offset").asLong(),
                            s.path("range").path("length").asLong(), s.path("token").asLong(), s.path("agent").asText(),
                            s.path("incarnation").asLong(), s.path("process").path("pid").asInt(),
                            s.path("recalledBy").isEmpty() ? "" : "  recalled by " + s.path("recalledBy"));
                }
                for (JsonNode o : i.path("ops")) {
                    out.printf("  op   %-10s %s %s  %s%s%n", o.path("op").asText(), o.path("kind").asText(),
                            o.path("policy").asText(), o.path("state").asText().toLowerCase(),
                            OpCommand.waitsFor(o));
                }
            }
        });
    }
}
