/**
 * The invariant checker ({@code daxseal check}): reads a whole log (a Kafka cluster's daxseal
 * topics, or a decided {@code .jsonl} file) and the agents' own records, and verifies PROTOCOL.md's
 * safety properties S1–S7, naming the records involved in every violation.
 *
 * <p>S1–S3 come from the core's independent {@code SafetyModel}, S4 from its {@code S4Audit} (the
 * same auditor as {@code replay --check} and the live audit), both in {@code io.daxseal.core.check}.
 * {@link io.daxseal.check.RecordsCheck} checks S5 and S6 against the agents' local records, which
 * say what the log cannot: when an agent revoked, and which events a producer saw acknowledged.
 * {@link io.daxseal.check.InvariantChecker} puts them together into a
 * {@link io.daxseal.check.CheckReport}.
 */
package io.daxseal.check;
