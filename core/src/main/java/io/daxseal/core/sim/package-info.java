/**
 * Driving the state machine from a file: {@link io.daxseal.core.sim.Simulator} decides a log's
 * inputs with the clock taken from their {@code at} (timers fire as rule 7 says);
 * {@link io.daxseal.core.sim.LogReader} and {@link io.daxseal.core.sim.DecodingPipeline} read a
 * JSON-lines log, keeping bad lines with their numbers. Replaying and checking a decided log use
 * these with {@code io.daxseal.core.check.S4Audit}.
 */
package io.daxseal.core.sim;
