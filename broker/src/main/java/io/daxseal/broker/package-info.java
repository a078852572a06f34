/**
 * The embedded Kafka broker the product starts by default: {@link io.daxseal.broker.EmbeddedKafka},
 * a real single-node KRaft broker in this process, with its data and address kept across restarts.
 * {@code daxseal coordinator} (without {@code --bootstrap-servers}), {@code daxseal broker} and the
 * demo start it; the tests share one through the test kit. Nothing here knows daxseal's topics.
 */
package io.daxseal.broker;
