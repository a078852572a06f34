/**
 * The daxseal node agent library: what an RDMA file server on a pmem host embeds.
 *
 * <p>{@link io.daxseal.agent.NodeAgent} registers an incarnation, heartbeats, publishes seal
 * requests and releases to Kafka, hands recalls to the server's {@link io.daxseal.agent.RecallHandler},
 * watches holder processes, and revokes its own seals through the server's
 * {@link io.daxseal.agent.RevokeHandler} when its lease is in doubt (PROTOCOL.md S5) or when the
 * coordinator broke or fenced them. {@link io.daxseal.agent.LeaseKeeper} is the pure lease arithmetic
 * (injected clock); the rest is transport. The daemon that offers the same to non-Java servers over
 * local HTTP is in {@link io.daxseal.agent.daemon}.
 */
package io.daxseal.agent;
