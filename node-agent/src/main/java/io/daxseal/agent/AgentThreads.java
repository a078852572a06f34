package io.daxseal.agent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's threads, each for one reason: a timer (heartbeats, process checks, range-busy
 * retries); the lease check on a thread of its own, because a heartbeat send may block up to
 * {@code max.block.ms} when the broker is gone and S5 must not wait; one thread for the server's
 * handlers, so that they never run under the agent's lock and run in order; one that registers new
 * incarnations in the background.
 */
final class AgentThreads {

    private static final Logger LOG = LoggerFactory.getLogger(AgentThreads.class);
    /** How often the lease is checked: the revoke margin must cover this. */
    static final Duration LEASE_CHECK = Duration.ofMillis(20);

    private final String agentId;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService leaseChecker;
    private final ExecutorService handlers;
    private final ExecutorService registrar;

    AgentThreads(String agentId) {
        this.agentId = agentId;
        this.timer = Executors.newScheduledThreadPool(1, daemon("daxseal-agent-" + agentId + "-timer"));
        this.leaseChecker = Executors.newSingleThreadScheduledExecutor(daemon("daxseal-agent-" + agentId + "-lease"));
        this.handlers = Executors.newSingleThreadExecutor(daemon("daxseal-agent-" + agentId + "-handlers"));
        this.registrar = Executors.newSingleThreadExecutor(daemon("daxseal-agent-" + agentId + "-registrar"));
    }

    /** The timer, for scheduled retries. */
    ScheduledExecutorService timer() {
        return timer;
    }

    /** Runs {@code task} every {@code period} on the timer, surviving its failures. */
    void every(String what, Duration period, Runnable task) {
        long ms = period.toMillis();
        timer.scheduleAtFixedRate(guarded(what, task), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} every {@link #LEASE_CHECK} on the lease thread, surviving its failures. */
    void everyOnLeaseThread(String what, Runnable task) {
        long ms = LEASE_CHECK.toMillis();
        leaseChecker.scheduleAtFixedRate(guarded(what, task), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs one of the server's handlers, after those queued before it. */
    void handler(Runnable call) {
        if (!handlers.isShutdown()) {
            handlers.execute(call);
        }
    }

    /** Runs a registration in the background. */
    void register(Runnable registration) {
        if (!registrar.isShutdown()) {
            registrar.execute(registration);
        }
    }

    /** Stops the periodic tasks and the registrar; queued handlers still run. */
    void stopTimers() {
        timer.shutdownNow();
        leaseChecker.shutdownNow();
        registrar.shutdownNow();
    }

    /** Stops everything; handlers already queued finish. */
    void stopAll() {
        stopTimers();
        handlers.shutdown();
    }

    /**
     * A periodic task that survives its own failure: an executor silently stops a periodic task that
     * throws once, and the lease check (S5) must never stop.
     */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("agent {}: the {} failed; it runs again at its next tick: {}", agentId, what, e.toString(), e);
            } catch (Error e) {
                // An executor would swallow it with the task. The process that runs the agent decides: the daxseal
                // command line ends itself; a host without a handler keeps the task running, as for any failure.
                LOG.error("agent {}: the {} hit a fatal error: {}", agentId, what, e.toString(), e);
                Thread.UncaughtExceptionHandler fatal = Thread.getDefaultUncaughtExceptionHandler();
                if (fatal != null) {
                    fatal.uncaughtException(Thread.currentThread(), e);
                }
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
