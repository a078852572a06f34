package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;
import io.daxseal.events.Input;
import java.util.List;

/**
 * One step of a Kafka log in the order the coordinator applied it: the timers fired at a read
 * time ({@code input == null}) or one input, with the decisions the log holds for it. Places are
 * {@code topic-partition@offset}, so a finding can name the records involved.
 *
 * @param input the input, or {@code null} for a timer step
 * @param inputPlace where the input is, or {@code null} for a timer step
 * @param readAt the coordinator's clock when it read the input (the journal entry's time)
 * @param instance the coordinator instance that wrote the journal entry
 * @param journalPlace where that journal entry is
 * @param logged the decisions of this step, in the order they were made
 * @param loggedPlaces where each of them is
 */
public record LogStep(Input input, String inputPlace, long readAt, String instance, String journalPlace,
                      List<Decision> logged, List<String> loggedPlaces) {
}
