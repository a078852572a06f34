package io.daxseal.coordinator.chaos;

import io.daxseal.coordinator.runtime.LogObserver;
import io.daxseal.coordinator.runtime.LogStep;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the recovery times are read from: when, and by which coordinator instance, decisions were
 * committed, and when agents expired. Collected during the checker's walk of the log.
 */
final class Timeline implements LogObserver {

    private record Decided(long at, String instance) {
    }

    private record Expiry(String agent, long incarnation, long at) {
    }

    private final List<Decided> decided = new ArrayList<>();
    private final List<Expiry> expiries = new ArrayList<>();
    long inputs;
    long decisions;
    long loads;

    @Override
    public void rearm(long now, String instance, String journalPlace) {
        loads++;
    }

    @Override
    public void step(LogStep step) {
        if (step.input() != null) {
            inputs++;
        }
        decisions += step.logged().size();
        if (!step.logged().isEmpty()) {
            decided.add(new Decided(step.readAt(), step.instance()));
        }
        for (Decision d : step.logged()) {
            if (d instanceof AgentExpired e) {
                expiries.add(new Expiry(e.agent(), e.incarnation(), e.at()));
            }
        }
    }

    /** The time of the first decision made at or after {@code from}, by any instance but {@code notBy}. */
    OptionalLong firstDecision(long from, String notBy) {
        return decided.stream().filter(d -> d.at >= from && (notBy == null || !d.instance.equals(notBy)))
                .mapToLong(Decided::at).min();
    }

    /** When {@code agent} was next expired at or after {@code from}. */
    OptionalLong expiry(String agent, long from) {
        return expiries.stream().filter(e -> e.agent.equals(agent) && e.at >= from).mapToLong(Expiry::at).min();
    }
}
