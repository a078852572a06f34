package io.daxseal.agent;

import io.daxseal.events.DenyReason;

/** The coordinator denied a seal request ({@code seal.denied}); the reason says whether to retry. */
public final class SealDeniedException extends RuntimeException {

    private final DenyReason reason;

    public SealDeniedException(String seal, DenyReason reason) {
        super("seal '" + seal + "' denied: " + reason.wire() + hint(reason));
        this.reason = reason;
    }

    public DenyReason reason() {
        return reason;
    }

    private static String hint(DenyReason reason) {
        return switch (reason) {
            case RANGE_BUSY -> " (an extent operation over the range is recalling or in progress; retry after it finishes)";
            case AGENT_FENCED -> " (this incarnation is no longer live; the agent registers a new one)";
            case UNKNOWN_AGENT -> " (the coordinator has not seen this agent register)";
            case DUPLICATE -> " (a seal with this id is live for this incarnation on this inode)";
        };
    }
}
