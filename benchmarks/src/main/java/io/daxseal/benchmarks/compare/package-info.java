/**
 * daxseal side by side with ZooKeeper and etcd: {@link io.daxseal.benchmarks.compare.CompareBenchmark}
 * times the same claim cycle in each {@link io.daxseal.benchmarks.compare.LockSystem} (an in-process
 * ZooKeeper through Curator, an etcd process through jetcd, daxseal's agent and coordinator on the
 * embedded broker) in interleaved rounds.
 */
package io.daxseal.benchmarks.compare;
