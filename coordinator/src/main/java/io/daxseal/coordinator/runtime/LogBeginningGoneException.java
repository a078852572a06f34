package io.daxseal.coordinator.runtime;

/**
 * Loading refused: retention deleted the beginning of the log and no intact snapshot covers what is
 * left, so any state built from it would have lost seals. Not transient: an operator must restore
 * the snapshot topic or start on new topics, so an instance that hits it stops rather than retry.
 */
public final class LogBeginningGoneException extends IllegalStateException {

    LogBeginningGoneException(String message) {
        super(message);
    }
}
