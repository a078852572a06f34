/**
 * The coordinator's HTTP API (JDK HTTP server, JSON via Jackson, 127.0.0.1 by default): live seals,
 * agents, extent-operation requests that answer when decided, health, and Prometheus metrics.
 * {@link io.daxseal.coordinator.api.CoordinatorServer} assembles a whole coordinator node: the
 * embedded broker when no cluster is given, the runtime, the request publisher and this API.
 * {@link io.daxseal.coordinator.api.ApiClient} is the client the CLI uses.
 */
package io.daxseal.coordinator.api;
