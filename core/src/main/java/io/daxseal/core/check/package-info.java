/**
 * What checks the state machine from outside, shared by the tools and the tests:
 * {@link io.daxseal.core.check.S4Audit}, the one S4 auditor (replaying a log equals re-deciding
 * its inputs), and {@link io.daxseal.core.check.SafetyModel}, the one independent model of S1–S3
 * that shares no code with the state machine. {@link io.daxseal.core.check.Finding} is one
 * violation, with the places in the log it involves.
 */
package io.daxseal.core.check;
