package io.daxseal.events;

/** An event written by the coordinator: a decision, derived deterministically from the inputs. */
public sealed interface Decision extends Event
        permits SealGranted, SealDenied, SealRecalled, SealBroken, SealDropped,
                OpGranted, OpRejected, AgentExpired, AgentFenced {
}
