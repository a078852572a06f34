/**
 * The node agent's pure core: {@link io.daxseal.agent.core.AgentCore} holds the agent's state
 * (registration, held and pending seals, lease, recall and revocation bookkeeping) as an explicit
 * state machine ({@link io.daxseal.agent.core.AgentStatus}, checked transitions) and answers every
 * input with {@link io.daxseal.agent.core.AgentEffect}s; {@link io.daxseal.agent.core.LeaseKeeper}
 * is the lease arithmetic of S5. No threads, no clock, no Kafka: {@code NodeAgent} is the transport
 * that feeds it and carries out its effects.
 */
package io.daxseal.agent.core;
