package io.daxseal.coordinator.runtime;

import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.Decision;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRejected;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealDropped;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.Topics;

/**
 * Where a decision is written (PROTOCOL.md, "Written by the coordinator"): its log and key, and
 * the agent whose inbox gets a copy, if any.
 *
 * @param topic {@code inode-log} or {@code agent-log}
 * @param key the inode key or the agent id
 * @param inboxAgent the agent that must act on it, or {@code null}
 */
record DecisionRoute(String topic, String key, String inboxAgent) {

    static DecisionRoute of(Decision decision, Topics topics) {
        String inode = topics.inodeLog();
        String agent = topics.agentLog();
        return switch (decision) {
            case SealGranted d -> new DecisionRoute(inode, d.inode().key(), d.agent());
            case SealDenied d -> new DecisionRoute(inode, d.inode().key(), d.agent());
            case SealRecalled d -> new DecisionRoute(inode, d.inode().key(), d.agent());
            case SealBroken d -> new DecisionRoute(inode, d.inode().key(), d.agent());
            case SealDropped d -> new DecisionRoute(inode, d.inode().key(), null);
            case OpGranted d -> new DecisionRoute(inode, d.inode().key(), null);
            case OpRejected d -> new DecisionRoute(inode, d.inode().key(), null);
            case AgentExpired d -> new DecisionRoute(agent, d.agent(), d.agent());
            case AgentFenced d -> new DecisionRoute(agent, d.agent(), d.agent());
        };
    }
}
