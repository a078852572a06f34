package io.daxseal.chaos;

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
    private final List<Decided> entries = new ArrayList<>(); // every step and load, decisions or not
    private final List<Expiry> expiries = new ArrayList<>();
    long inputs;
    long decisions;
    long loads;

    @Override
    public void rearm(long now, String instance, String journalPlace) {
        loads++;
        entries.add(new Decided(now, instance));
    }

    @Override
    public void step(LogStep step) {
        if (step.input() != null) {
            inputs++;
        }
        decisions += step.logged().size();
        entries.add(new Decided(step.readAt(), step.instance()));
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

    /**
     * How many journal entries {@code zombie} has in the log after another instance's first entry
     * at or after {@code faultAt}, up to the first entry read at or after {@code faultEnd}. Journal
     * order is commit order, so a fenced zombie must have none: its open transaction was aborted
     * by the survivor's {@code initTransactions}, whatever time it read its inputs at.
     */
    long zombieCommitsAfterTakeover(String zombie, long faultAt, long faultEnd) {
        int i = 0;
        while (i < entries.size() && (entries.get(i).instance.equals(zombie) || entries.get(i).at < faultAt)) {
            i++;
        }
        long count = 0;
        for (; i < entries.size() && entries.get(i).at < faultEnd; i++) {
            if (entries.get(i).instance.equals(zombie)) {
                count++;
            }
        }
        return count;
    }

    /** When {@code agent} was next expired in {@code [from, until]}. */
    OptionalLong expiry(String agent, long from, long until) {
        return expiries.stream().filter(e -> e.agent.equals(agent) && e.at >= from && e.at <= until)
                .mapToLong(Expiry::at).min();
    }
}
