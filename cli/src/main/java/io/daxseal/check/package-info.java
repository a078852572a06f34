/**
 * The invariant checker: reads a whole log (a Kafka cluster's daxseal topics, or a decided
 * {@code .jsonl} file) and the agents' own records, and verifies PROTOCOL.md's safety properties
 * S1–S6, naming the records involved in every violation.
 *
 * <p>{@link io.daxseal.check.SafetyModel} checks S1–S3 with a model of its own, written
 * apart from the state machine, so a bug in the coordinator's core cannot hide itself from the
 * check. S4 is the audit (replay equals re-deciding). {@link io.daxseal.check.RecordsCheck}
 * checks S5 and S6 against the agents' local records, which say what the log cannot: when an agent
 * revoked, and which events a producer saw acknowledged.
 */
package io.daxseal.check;
