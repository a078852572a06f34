package io.daxseal.agent.core;

import io.daxseal.events.SealRef;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;

/**
 * A seal the coordinator granted to this agent. The {@code token} is the fencing token the data
 * path should carry; it dies when the seal is released, broken or dropped.
 */
public record HeldSeal(String seal, long incarnation, Inode inode, Range range, SealKind kind, ProcessRef process,
                       long token, long grantedAt) {

    /** The seal's identity within the agent. */
    public SealRef ref() {
        return new SealRef(inode, seal);
    }

    /** {@code inode-key/seal}, unique within the agent. */
    public String name() {
        return ref().toString();
    }
}
