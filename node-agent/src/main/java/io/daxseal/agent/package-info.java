/**
 * The daxseal node agent library: what an RDMA file server on a pmem host embeds.
 *
 * <p>{@link io.daxseal.agent.NodeAgent} is the public face and the thin transport: it feeds the
 * pure {@link io.daxseal.agent.core.AgentCore} (registration, held and pending seals, lease,
 * recalls, revocations) and carries out its effects: {@link io.daxseal.agent.AgentLink} sends to
 * and reads from Kafka, {@link io.daxseal.agent.AgentThreads} runs the timers and handlers,
 * {@code EffectRunner} completes futures and calls the server's
 * {@link io.daxseal.agent.RecallHandler} and {@link io.daxseal.agent.RevokeHandler}.
 * {@link io.daxseal.agent.IncarnationSource} keeps incarnations growing across restarts and
 * {@link io.daxseal.agent.ProcessRefs} watches holder processes in {@code /proc}. The daemon that
 * offers the same to non-Java servers over local HTTP is the {@code agent-daemon} module.
 */
package io.daxseal.agent;
