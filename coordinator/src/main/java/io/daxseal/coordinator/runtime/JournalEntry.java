package io.daxseal.coordinator.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * One transaction of the coordinator, as its journal keeps it: at time {@code now} (the
 * coordinator's clock) it fired the due timers (step {@code firstStep}), then read the inputs in
 * {@code runs}, in that order, each valid input being the next step. Or, when {@code rearm} is set,
 * it finished loading and gave every live incarnation a full lease from {@code now}.
 *
 * <p>Decisions carry their step and a global sequence number in record headers
 * ({@link RecordHeaderNames}); with the journal they put every input and decision of every
 * partition into the one order the coordinator applied them in.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
record JournalEntry(int v, long now, long firstStep, boolean rearm, List<Run> runs) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    JournalEntry {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /** Offsets {@code from..to} (inclusive) of one partition of {@code log} ({@code inode} or {@code agent}). */
    record Run(String log, int partition, long from, long to) {
    }

    static JournalEntry batch(long now, long firstStep, List<Run> runs) {
        return new JournalEntry(1, now, firstStep, false, runs);
    }

    static JournalEntry rearm(long now, long step) {
        return new JournalEntry(1, now, step, true, List.of());
    }

    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JournalEntry parse(byte[] bytes) throws IOException {
        JournalEntry e = JSON.readValue(bytes, JournalEntry.class);
        if (e.v() != 1) {
            throw new IOException("journal entry version " + e.v() + " is not supported (this build reads 1)");
        }
        return e;
    }
}
