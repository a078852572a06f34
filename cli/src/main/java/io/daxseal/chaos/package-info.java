/**
 * The chaos harness ({@code daxseal chaos}): a real Kafka broker, two coordinators that fail over,
 * and several agents, each a separate process; a workload of pins, maps, releases and extent
 * operations of every policy; and faults on a seeded random schedule (kill -9 of the broker, of
 * the deciding coordinator and of agents, SIGSTOP of a coordinator and of agents past their
 * timeouts, clean broker restarts, a holder that ignores recalls). Afterwards the invariant
 * checker reads the whole log and the agents' records, and a report gives the faults, the
 * events, the verdicts and the recovery times.
 *
 * <p>{@link io.daxseal.chaos.ChaosRun} runs it; {@link io.daxseal.chaos.ChildProcess}
 * is one child process; {@link io.daxseal.chaos.Workload} is the file servers and the
 * filesystem's metadata service; {@link io.daxseal.chaos.Timeline} reads the recovery
 * times off the log; {@link io.daxseal.chaos.ChaosReport} writes the report.
 */
package io.daxseal.chaos;
