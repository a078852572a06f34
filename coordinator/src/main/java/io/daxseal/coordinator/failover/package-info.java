/**
 * Active/standby failover of coordinators of the same log: {@link
 * io.daxseal.coordinator.failover.CoordinatorElection} (a Kafka consumer group on the journal
 * topic elects one instance) and {@link io.daxseal.coordinator.failover.FailoverSupervisor}, which
 * runs a whole node while its instance is elected and reports its {@link
 * io.daxseal.coordinator.failover.Role}.
 */
package io.daxseal.coordinator.failover;
