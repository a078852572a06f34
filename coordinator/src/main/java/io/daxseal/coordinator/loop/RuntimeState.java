package io.daxseal.coordinator.loop;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a coordinator runtime is in its life, with the moves it may make. {@link #LOADING},
 * {@link #ACTIVE} and {@link #RECOVERING} are alive; the others are ends, and say why it ended.
 */
public enum RuntimeState {
    /** Reading its log (or a snapshot and the log after it) before it decides. */
    LOADING,
    /** Deciding. */
    ACTIVE,
    /** A commit failed: renewing its producer and reloading the state from what committed. */
    RECOVERING,
    /** Another instance leads the election now: this one stopped without writing (it may stand by for the next). */
    STANDBY,
    /** Another writer of the same log fenced it (a zombie): it must not write again. */
    FENCED,
    /** Stopped on an error: the reason is its failure. */
    FAILED,
    /** Closed by its owner. */
    CLOSED;

    /** Whether the runtime still runs (decides, or is about to). */
    public boolean alive() {
        return this == LOADING || this == ACTIVE || this == RECOVERING;
    }

    /** The states this one may move to. */
    public Set<RuntimeState> next() {
        return switch (this) {
            case LOADING, RECOVERING -> EnumSet.of(ACTIVE, STANDBY, FENCED, FAILED, CLOSED);
            case ACTIVE -> EnumSet.of(RECOVERING, STANDBY, FENCED, FAILED, CLOSED);
            case STANDBY, FENCED, FAILED -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(RuntimeState.class);
        };
    }

    /**
     * The state after moving to {@code to}.
     *
     * @throws IllegalStateException when that move is not allowed
     */
    public RuntimeState moveTo(RuntimeState to) {
        if (!next().contains(to)) {
            throw new IllegalStateException("a coordinator runtime cannot go from " + this + " to " + to);
        }
        return to;
    }
}
