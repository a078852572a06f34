package io.daxseal.events;

/** An event written by an agent or a requester: what the coordinator reads and decides on. */
public sealed interface Input extends Event
        permits AgentRegistered, AgentHeartbeat, AgentLeft, ProcessExited,
                SealRequested, SealReleased, OpRequested, OpFinished {
}
