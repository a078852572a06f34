/**
 * The coordinator loop's own logic, with no I/O and no Kafka in it, tested without a broker:
 * {@link io.daxseal.coordinator.loop.LoopStep} (what to decide now and at which time, what to hold
 * while a timer is due, rule 7; stalls), {@link io.daxseal.coordinator.loop.CommitPipeline}
 * (deciding the next batch while the previous one commits, group commit, answers only after the
 * commit, back-pressure), {@link io.daxseal.coordinator.loop.RuntimeState} (the runtime's life, with
 * checked moves), and the records they work on ({@link io.daxseal.coordinator.loop.LogPartition},
 * {@link io.daxseal.coordinator.loop.Polled}). {@code io.daxseal.coordinator.runtime} puts Kafka
 * around them.
 */
package io.daxseal.coordinator.loop;
