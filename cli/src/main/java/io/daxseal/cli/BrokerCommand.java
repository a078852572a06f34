package io.daxseal.cli;

import io.daxseal.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code daxseal broker}: the embedded Kafka broker on its own, for several coordinators and for chaos runs. */
@Command(mixinStandardHelpOptions = true, name = "broker",
        description = {"Run daxseal's embedded Kafka broker on its own, in the foreground.",
            "One KRaft node on 127.0.0.1, for coordinators started with --bootstrap-servers. A restart on the same",
            "--data-dir keeps every acknowledged record, the cluster id and the port. Ctrl-C stops it cleanly."})
final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "daxseal-broker",
            description = "The broker's data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(dataDir);
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("daxseal broker: cannot start on --data-dir " + dataDir + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return DaxsealCli.EXIT_USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("daxseal broker is ready at " + kafka.bootstrapServers()
                + " (data in " + dataDir.toAbsolutePath() + ")");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
