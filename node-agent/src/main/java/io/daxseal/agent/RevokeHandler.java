package io.daxseal.agent;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.core.RevokeReason;

/**
 * What the file server does when a seal is gone without its consent: stop all I/O under it and
 * drop the registration now. Called on the agent's handler thread, once per seal.
 */
@FunctionalInterface
public interface RevokeHandler {

    void onRevoke(HeldSeal seal, RevokeReason reason);

    /** Ignores revocations: only for tests and tools that hold no real registrations. */
    RevokeHandler IGNORE = (seal, reason) -> { };
}
