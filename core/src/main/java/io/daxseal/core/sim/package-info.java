/**
 * Driving the state machine from a file: the simulator (decide a log's inputs with the clock
 * taken from their {@code at}), the replayer (rebuild state from a decided log), and the checker
 * that re-decides a decided log and compares (S4).
 */
package io.daxseal.core.sim;
