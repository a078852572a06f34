package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ExpectedKafkaRetriesTest {

    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    private final ExpectedKafkaRetries filter = new ExpectedKafkaRetries();
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, Level level, String message) {
        return new LoggingEvent("test", context.getLogger(logger), level, message, null, null);
    }

    @Test
    void theRetriedConcurrentTransactionsWarningIsKeptOut() {
        assertThat(filter.decide(event(SENDER, Level.WARN, "[Producer clientId=daxseal-coordinator@j] Got error produce "
                + "response with correlation id 4 on topic-partition daxseal.inode-log-1, retrying (2147483646 attempts "
                + "left). Error: CONCURRENT_TRANSACTIONS"))).isEqualTo(FilterReply.DENY);
    }

    @Test
    void everyOtherWarningPasses() {
        assertThat(filter.decide(event(SENDER, Level.WARN, "Got error produce response ... Error: NOT_LEADER_OR_FOLLOWER")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(SENDER, Level.ERROR, "... Error: CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event("io.daxseal.x", Level.WARN, "Error: CONCURRENT_TRANSACTIONS")))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
