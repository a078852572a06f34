/**
 * The {@code daxseal} command line (picocli): the coordinator, broker and agent daemons, the
 * clients of their APIs, {@code demo}, {@code simulate}, {@code replay}, {@code generate},
 * {@code check} (the invariant checker) and {@code chaos} (the chaos harness).
 * Exit codes: 0 success, 1 a check found a difference, 2 a usage error or an unreadable file.
 * Commands print results on standard output and reports (bad lines, summaries) on standard
 * error, so their output can be piped into another command. {@link io.daxseal.cli.ExpectedKafkaRetries}
 * keeps one expected, retried Kafka warning out of the log.
 */
package io.daxseal.cli;
