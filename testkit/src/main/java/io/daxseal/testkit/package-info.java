/**
 * Helpers for tests that need a real Kafka broker: {@link io.daxseal.testkit.SharedBroker}, one
 * embedded broker (the product's own launcher) shared by every test of a JVM, which isolate
 * themselves by topic prefix. Only other modules' test scopes depend on this.
 */
package io.daxseal.testkit;
