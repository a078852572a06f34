/**
 * The coordinator's runtime on Kafka: all I/O and threads around the pure {@code core} and the
 * Kafka-free loop logic of {@code io.daxseal.coordinator.loop}.
 *
 * <p>{@link io.daxseal.coordinator.runtime.CoordinatorRuntime} is one event loop, like a shard of
 * Kafka's group coordinator, pipelined like its runtime: {@link io.daxseal.coordinator.runtime.LogReader}
 * reads inputs from {@code inode-log} and {@code agent-log} (at {@code read_uncommitted}: inputs are
 * never written in a transaction, and decisions read back are never applied), the loop's
 * {@code LoopStep} says what to decide at which time (rule 7),
 * {@link io.daxseal.coordinator.runtime.BatchDecider} decides with the core, and the
 * {@code CommitPipeline} commits the decisions, their {@code agent-inbox} copies and the
 * {@link io.daxseal.coordinator.runtime.JournalEntry journal entries} in one Kafka transaction
 * ({@link io.daxseal.coordinator.runtime.JournalWriter}) while the loop decides the next batch;
 * queries wait for the commits before them ({@link io.daxseal.coordinator.runtime.DeferredQuery}).
 * The journal says in which order and at which time it read which inputs, so
 * {@link io.daxseal.coordinator.runtime.LogLoader} rebuilds exactly the live state by replaying
 * inputs and decisions in that order (S4), and it is the coordinator's only record of its input
 * positions: decisions and positions commit atomically. A zombie instance is fenced by the
 * transactional id, which names the journal, so every instance of one log shares it.
 * {@link io.daxseal.coordinator.runtime.TopicSetup} creates the topics.
 * {@link io.daxseal.coordinator.runtime.RequestPublisher} is how a requester (the API, the CLI)
 * publishes extent operations. {@link io.daxseal.coordinator.runtime.LogAudit} (S4 with the core's
 * one auditor) and the
 * {@link io.daxseal.coordinator.runtime.LogObserver} walk let tools read the log in the
 * coordinator's order.
 *
 * <p>Snapshots bound restart time and let retention delete old records:
 * {@link io.daxseal.coordinator.runtime.SnapshotTaker} keeps a shadow machine on a thread of its own,
 * fed with every committed entry, and writes its image through
 * {@link io.daxseal.coordinator.runtime.SnapshotStore} (chunks and a
 * {@link io.daxseal.coordinator.runtime.SnapshotManifest} in a compacted topic);
 * {@link io.daxseal.coordinator.runtime.LogLoader} starts from the newest intact one, or refuses with
 * {@link io.daxseal.coordinator.runtime.LogBeginningGoneException} when retention deleted more than
 * any snapshot covers; {@link io.daxseal.coordinator.runtime.SnapshotCatalog} lists them for tools.
 *
 * <p>The core applies decisions as it makes them, so between a decision and its commit the state
 * is speculative (as in the group coordinator's timeline structures); nothing outside the loop sees
 * it before the commit, and a failed commit drops every entry after it and reloads the state from
 * the log.
 */
package io.daxseal.coordinator.runtime;
