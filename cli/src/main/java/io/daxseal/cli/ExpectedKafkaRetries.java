package io.daxseal.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the Kafka producer's warnings about one expected, retried refusal out of the log: a
 * coordinator transaction that began before the previous one's commit markers were written is
 * refused with {@code CONCURRENT_TRANSACTIONS} and retried a millisecond later. Under load that
 * happens several times a second and says nothing an operator can act on; the metric
 * {@code daxseal.commit.retries} counts it. Every other warning passes.
 */
public final class ExpectedKafkaRetries extends Filter<ILoggingEvent> {

    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel() == Level.WARN && SENDER.equals(event.getLoggerName())
                && event.getFormattedMessage().contains("Error: CONCURRENT_TRANSACTIONS")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
