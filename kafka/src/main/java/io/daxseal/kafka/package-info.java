/**
 * How daxseal uses Kafka, shared by the coordinator, the node agent and the tools:
 * {@link io.daxseal.kafka.ClientSettings}, the one place that builds client settings (the safety
 * settings every producer and reader must have, with each caller's own additions on top), and
 * {@link io.daxseal.kafka.Partitions}, the partitioning rule an agent uses to find its inbox.
 * Topic names are part of the wire contract ({@code io.daxseal.events.Topics}).
 */
package io.daxseal.kafka;
