/**
 * Synthetic but realistic input streams: many agents heartbeating, pinning and mapping ranges of
 * many inodes, releasing them, processes exiting, agents restarting, and extent operations of
 * every policy. Used by {@code daxseal generate}, the benchmarks and the tests.
 */
package io.daxseal.workload;
