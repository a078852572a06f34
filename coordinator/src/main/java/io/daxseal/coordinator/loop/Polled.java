package io.daxseal.coordinator.loop;

import java.util.Objects;

/**
 * One record the loop read: where it is, when the broker appended it, and what it is (the runtime
 * classifies it; the loop only orders and times records).
 *
 * @param where its partition
 * @param offset its offset there
 * @param appendedAt its timestamp: the broker's append time on the daxseal topics (rule 7 times
 *                   input by it)
 * @param what what the record is
 * @param <T> the runtime's classification of a record
 */
public record Polled<T>(LogPartition where, long offset, long appendedAt, T what) {

    public Polled {
        Objects.requireNonNull(where, "where");
    }
}
