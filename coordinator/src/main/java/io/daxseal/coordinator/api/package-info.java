/**
 * The coordinator's HTTP API on the shared HTTP layer ({@code io.daxseal.http}): live seals,
 * agents, extent-operation requests that answer when decided, health, and Prometheus metrics
 * ({@link io.daxseal.coordinator.api.CoordinatorApi}, with {@code OpWaiters} completing waiting
 * requests from the runtime's commits). {@link io.daxseal.coordinator.api.CoordinatorServer}
 * assembles a whole coordinator node on a Kafka cluster: the runtime, the request publisher and
 * this API.
 */
package io.daxseal.coordinator.api;
