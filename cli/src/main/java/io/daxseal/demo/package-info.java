/**
 * {@code daxseal demo}: one process that starts the embedded broker, the coordinator and three
 * agents and plays a scenario showing every behaviour, checking each outcome and, at the end, S4
 * on the Kafka log.
 */
package io.daxseal.demo;
