package io.daxseal.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Waits, visibly and for a bounded time, until a Kafka cluster answers. A process started with a
 * wrong or dead address should say at once what it is trying, show that it retries, and give up
 * naming the address, instead of sitting silent behind a client's two-minute default.
 */
public final class KafkaReachability {

    /** How long one attempt waits for the cluster's answer at most; shorter timeouts get at least four attempts. */
    private static final long MAX_ATTEMPT_MS = 3000;

    private KafkaReachability() {
    }

    /**
     * Returns once the cluster at {@code bootstrapServers} describes itself; reports each attempt
     * to {@code progress}.
     *
     * @return the number of brokers that answered
     * @throws IllegalStateException when no broker answered within {@code timeout}, naming the address
     */
    public static int await(String bootstrapServers, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        progress.accept("connecting to Kafka at " + bootstrapServers + " (giving up after " + timeout.toSeconds() + " s)");
        String lastProblem = "no answer";
        int attempt = 0;
        long attemptMs = Math.max(250, Math.min(MAX_ATTEMPT_MS, timeout.toMillis() / 4));
        try (Admin admin = ClientSettings.admin(bootstrapServers, "daxseal-reachability", Duration.ofMillis(attemptMs))
                .newAdmin()) {
            while (true) {
                attempt++;
                long left = deadline - System.nanoTime();
                long wait = Math.max(1, Math.min(attemptMs, TimeUnit.NANOSECONDS.toMillis(left)));
                try {
                    return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait)).nodes()
                            .get(wait + 500, TimeUnit.MILLISECONDS).size();
                } catch (ExecutionException e) {
                    lastProblem = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
                } catch (TimeoutException e) {
                    lastProblem = "no answer within " + wait + " ms";
                }
                if (System.nanoTime() >= deadline) {
                    throw new IllegalStateException("no Kafka broker answered at " + bootstrapServers + " within "
                            + timeout.toSeconds() + " s (" + attempt + (attempt == 1 ? " attempt" : " attempts") + "; last: " + lastProblem + "): check the "
                            + "address and that the brokers run");
                }
                progress.accept("attempt " + attempt + ": no answer from " + bootstrapServers + " (" + lastProblem
                        + "); retrying");
            }
        }
    }
}
