package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;
import java.util.List;

/** Told, on the loop thread, about the decisions of each committed transaction. Must be quick. */
@FunctionalInterface
public interface CommitListener {
    void committed(List<Decision> decisions);
}
