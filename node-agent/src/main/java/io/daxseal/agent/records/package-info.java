/**
 * The agent's own account of what happened (acknowledged events, registrations, revocations) as a
 * JSON-lines file that survives {@code kill -9}, for the invariant checker's S5 and S6 checks.
 */
package io.daxseal.agent.records;
