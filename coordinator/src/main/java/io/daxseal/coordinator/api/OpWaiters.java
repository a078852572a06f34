package io.daxseal.coordinator.api;

import io.daxseal.coordinator.runtime.CoordinatorRuntime;
import io.daxseal.events.Decision;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRejected;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers waiting for an operation's outcome, completed from the runtime's commit listener: one
 * map lookup per committed operation decision, however many callers wait.
 */
final class OpWaiters implements CoordinatorRuntime.CommitListener {

    private final Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Decision> waitFor(String inodeKey, String op) {
        return waiting.computeIfAbsent(inodeKey + "/" + op, k -> new CompletableFuture<>());
    }

    void forget(String inodeKey, String op, CompletableFuture<Decision> f) {
        waiting.remove(inodeKey + "/" + op, f);
    }

    @Override
    public void committed(List<Decision> decisions) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Decision d : decisions) {
            switch (d) {
                case OpGranted g -> complete(g.inode().key() + "/" + g.op(), d);
                case OpRejected r -> complete(r.inode().key() + "/" + r.op(), d);
                default -> { }
            }
        }
    }

    private void complete(String key, Decision d) {
        CompletableFuture<Decision> f = waiting.remove(key);
        if (f != null) {
            f.complete(d);
        }
    }
}
