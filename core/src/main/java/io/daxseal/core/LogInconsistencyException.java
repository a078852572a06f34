package io.daxseal.core;

/**
 * A decision in a replayed log does not fit the state built so far: a grant without its request,
 * a recall for an unknown operation, a decision about a seal that is not live. The log was cut,
 * edited, or written by a different coordinator. Replay reports it and skips the event; deciding
 * never produces one.
 */
public final class LogInconsistencyException extends Exception {

    public LogInconsistencyException(String message) {
        super(message);
    }
}
