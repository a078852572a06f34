/**
 * Measurements, not tests: JMH benchmarks of the state machine and a heap-footprint probe. Run
 * them with {@code benchmarks/run.sh}; the README's Performance section has the numbers and
 * how they were taken.
 */
package io.daxseal.benchmarks;
