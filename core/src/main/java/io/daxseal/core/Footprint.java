package io.daxseal.core;

/**
 * Counts of what a {@link SealMachine} holds: inodes remembered, agent records, incarnations
 * remembered, live seals, unfinished operations, undecided seal requests, armed timers, token
 * counters. Rule 13 bounds each by what is live (plus one record per agent, and for the length of
 * one step a replaced incarnation).
 */
public record Footprint(long inodes, long agents, long incarnations, long liveSeals, long unfinishedOps,
                        long undecidedRequests, long timers, long tokenCounters) {

    static Footprint of(SealState state) {
        long incarnations = 0;
        for (AgentRecord record : state.agents.values()) {
            incarnations += record.remembered().size();
        }
        long ops = 0;
        for (InodeState inode : state.inodes.values()) {
            ops += inode.activeOps().size();
        }
        return new Footprint(state.inodes.size(), state.agents.size(), incarnations, state.liveSealCount, ops,
                state.pending.size() + (state.lastRequest == null ? 0 : 1), state.timers.pending().size(),
                state.tokens.length);
    }
}
