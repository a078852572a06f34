/**
 * Measurements, not tests: JMH benchmarks of the codec and the state machine, a heap-footprint
 * probe, the simulate phases, and the live load generator against a real broker. Run them with
 * {@code benchmarks/simulate-bench.sh} and {@code benchmarks/live-bench.sh}; the README's
 * Performance section has the numbers and how they were taken.
 */
package io.daxseal.benchmarks;
