package io.daxseal.coordinator.failover;

/**
 * Where one coordinator instance of a failover group is. Transitions are checked
 * ({@link #canMoveTo}): an instance stands by until elected, decides while elected, stands by
 * again when it loses the election or is fenced, and stops once.
 */
public enum Role {
    /** In the election, not deciding; its API does not listen. */
    STANDING_BY,
    /** Elected: its runtime decides and its API listens. */
    ACTIVE,
    /** Closed; it takes no part any more. */
    STOPPED;

    /** Whether an instance in this role may move to {@code next}. */
    public boolean canMoveTo(Role next) {
        return switch (this) {
            case STANDING_BY -> next == ACTIVE || next == STOPPED;
            case ACTIVE -> next == STANDING_BY || next == STOPPED;
            case STOPPED -> false;
        };
    }
}
