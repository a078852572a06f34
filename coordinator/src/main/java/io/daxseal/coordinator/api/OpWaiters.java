package io.daxseal.coordinator.api;

import io.daxseal.coordinator.runtime.CommitListener;
import io.daxseal.events.Decision;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpRef;
import io.daxseal.events.OpRejected;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callers waiting for an operation's outcome, completed from the runtime's commit listener: one
 * map lookup per committed operation decision, however many callers wait.
 */
final class OpWaiters implements CommitListener {

    private final Map<OpRef, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Decision> waitFor(OpRef op) {
        return waiting.computeIfAbsent(op, k -> new CompletableFuture<>());
    }

    void forget(OpRef op, CompletableFuture<Decision> f) {
        waiting.remove(op, f);
    }

    @Override
    public void committed(List<Decision> decisions) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Decision d : decisions) {
            switch (d) {
                case OpGranted g -> complete(new OpRef(g.inode(), g.op()), d);
                case OpRejected r -> complete(new OpRef(r.inode(), r.op()), d);
                default -> { }
            }
        }
    }

    private void complete(OpRef key, Decision d) {
        CompletableFuture<Decision> f = waiting.remove(key);
        if (f != null) {
            f.complete(d);
        }
    }
}
