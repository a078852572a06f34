/**
 * Kafka plumbing of the coordinator. For now: {@link io.daxseal.broker.EmbeddedKafka},
 * a real single-node KRaft broker started in this process, the default when no cluster is given.
 * The coordinator runtime on Kafka (issue "The live system on Kafka") builds on it.
 */
package io.daxseal.broker;
