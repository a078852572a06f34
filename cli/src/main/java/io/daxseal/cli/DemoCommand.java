package io.daxseal.cli;

import io.daxseal.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal demo}: the whole story in one process, checked. */
@Command(mixinStandardHelpOptions = true, name = "demo",
        description = {"Play every behaviour on an embedded broker, a coordinator and three agents, checked.",
            "Starts an embedded Kafka broker, the coordinator and three agents, plays a scenario that shows every",
            "behaviour (grant, recall, break and fence, expiry, range-busy retry), then replays the log and checks S4.",
            "Exits non-zero if any check fails."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the broker's data here (default: a temporary directory, deleted afterwards).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        // The narrative says what happens; the components' INFO lines would only interleave with it.
        System.setProperty("daxseal.log.level", "WARN");
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("daxseal-demo");
        try {
            int failures = new Demo(spec.commandLine().getOut()).run(dir);
            return failures == 0 ? 0 : DaxsealCli.EXIT_DIFFERENCE;
        } finally {
            if (dataDir == null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
