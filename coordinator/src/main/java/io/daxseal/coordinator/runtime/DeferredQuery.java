package io.daxseal.coordinator.runtime;

import io.daxseal.coordinator.loop.CommitPipeline;
import io.daxseal.core.SealMachine;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A query of the coordinator's state: run on the loop thread against the machine, answered only
 * once everything decided before it has committed (a pipeline barrier), so that an answer never
 * shows a decision that might still be rolled back. When a commit fails first, it is handed back
 * to be run again on the state reloaded from the log; when the runtime has stopped, it fails.
 */
final class DeferredQuery<T> implements Runnable {

    /** What a query needs of its runtime. */
    interface Host {
        /** The machine, or {@code null} when the runtime no longer runs (or not yet). */
        SealMachine machineIfAlive();

        CommitPipeline<DecidedEntry> pipeline();

        /** Runs the query again on the loop thread (after a reload). */
        void again(DeferredQuery<?> query);

        /** Why the runtime stopped. */
        RuntimeException stopped();
    }

    private final Host host;
    private final Function<SealMachine, T> query;
    private final CompletableFuture<T> result;

    DeferredQuery(Host host, Function<SealMachine, T> query, CompletableFuture<T> result) {
        this.host = host;
        this.query = query;
        this.result = result;
    }

    @Override
    public void run() {
        SealMachine machine = host.machineIfAlive();
        if (machine == null) {
            result.completeExceptionally(host.stopped());
            return;
        }
        T value;
        try {
            value = query.apply(machine);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        host.pipeline().barrier(() -> result.complete(value), () -> {
            if (host.machineIfAlive() != null) {
                host.again(this);
            } else {
                result.completeExceptionally(host.stopped());
            }
        });
    }
}
