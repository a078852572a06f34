package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What one record of {@code inode-log} or {@code agent-log} is to the coordinator. The live loop
 * and the loader classify with this same code, so they agree on which records are steps.
 */
sealed interface LogRecord {

    /** A valid input: one step. */
    record InputRecord(Input input) implements LogRecord {
    }

    /** A decision this or an earlier coordinator wrote (it carries the sequence headers). */
    record OwnDecision(long seq, long step, Decision decision) implements LogRecord {
    }

    /**
     * A decision without the coordinator's headers: someone else wrote a decision into the log.
     * Kept (rule 12), counted, never applied.
     */
    record ForeignDecision(Decision decision) implements LogRecord {
    }

    /** A record that is not a valid event (rule 12: kept, counted, reported, never applied). */
    record Bad(BadEventException problem) implements LogRecord {
    }

    static LogRecord classify(ConsumerRecord<String, byte[]> record, EventCodec codec) {
        Event event;
        try {
            if (record.value() == null) {
                throw new BadEventException("", io.daxseal.events.Violation.MALFORMED_JSON, "the record has no value (a tombstone)");
            }
            event = codec.decode(record.value());
        } catch (BadEventException e) {
            return new Bad(e);
        }
        return switch (event) {
            case Input input -> new InputRecord(input);
            case Decision decision -> {
                long seq = RecordHeaderNames.longHeader(record.headers(), RecordHeaderNames.SEQ);
                long step = RecordHeaderNames.longHeader(record.headers(), RecordHeaderNames.STEP);
                yield seq >= 0 && step >= 0 ? new OwnDecision(seq, step, decision) : new ForeignDecision(decision);
            }
        };
    }
}
