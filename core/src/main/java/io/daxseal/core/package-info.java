/**
 * The seal state machine of PROTOCOL.md: pure, deterministic, single-threaded.
 *
 * <p>{@link io.daxseal.core.SealMachine} is the one entry point. It has no I/O, no threads and no
 * wall clock: the caller passes the time with every input. Its state ({@code SealState}) changes
 * through two methods only, {@code applyInput} and {@code applyDecision}, used both when deciding
 * (the input and each decision are applied as they are made) and when replaying a decided log.
 * Replay therefore equals live by construction (S4), as in Kafka's group coordinator.
 *
 * <p>Protocol v2's rule 13 bounds the state by what is live: an inode with no live seal and no
 * unfinished operation is forgotten ({@code InodeTable} removes it), each agent keeps only its
 * highest incarnation ({@code AgentRecord}), and tokens come from one counter per partition of the
 * inode log ({@link io.daxseal.core.Partitioning}). {@link io.daxseal.core.MachineImage} writes the
 * whole state as bytes and reads it back: a coordinator's snapshot.
 *
 * <p>Timers (recall deadlines, lease expiries) are data: a queue of what fires when, consulted by
 * {@link io.daxseal.core.SealMachine#fireTimersUpTo(long)}. They are soft state, derived from the
 * seal state, and not part of its digest.
 *
 * <p>Overlap queries go through a per-inode {@link io.daxseal.core.IntervalIndex}
 * (O(log n + k)); nothing scans all seals. Subpackages: {@code sim} drives the machine from a file,
 * {@code check} checks it from outside.
 */
package io.daxseal.core;
