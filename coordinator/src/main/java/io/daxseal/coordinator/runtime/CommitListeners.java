package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime's commit listeners: added and removed from any thread, told on the loop's; one failing does not stop the others. */
final class CommitListeners {

    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);

    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    void add(CommitListener listener) {
        listeners.add(listener);
    }

    void remove(CommitListener listener) {
        listeners.remove(listener);
    }

    void committed(List<Decision> decisions) {
        for (CommitListener l : listeners) {
            try {
                l.committed(decisions);
            } catch (RuntimeException e) {
                LOG.warn("a commit listener failed: {}", e.toString(), e);
            }
        }
    }
}
