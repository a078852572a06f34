/**
 * The agent daemon: a {@link io.daxseal.agent.NodeAgent} behind a local HTTP API (127.0.0.1 by
 * default) for file servers that are not written in Java. Seals are requested for a pid and
 * answered when granted; recalls and revocations come as a numbered event feed read by long poll.
 */
package io.daxseal.agent.daemon;
