package io.daxseal.coordinator.failover;

import io.daxseal.coordinator.runtime.TopicSetup;
import io.daxseal.coordinator.api.CoordinatorServer;
import io.daxseal.coordinator.runtime.CoordinatorConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a failover group of coordinators of the same log: it stands by until its
 * {@link CoordinatorElection} elects it, starts a whole node (runtime and API) while elected, and
 * stands by again when the election or the runtime says another instance writes now. Zombies need
 * no help from here: the runtime's transactional producer is fenced by the new writer's.
 *
 * <p>{@link #run} blocks on the caller's thread until {@link #close}; every change of {@link Role}
 * goes through one checked transition and is reported to the listener (the command line prints it).
 */
public final class FailoverSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSupervisor.class);

    /** Starts a node that writes only while {@code mayWrite} says so (the election's verdict). */
    @FunctionalInterface
    public interface NodeStarter {
        CoordinatorServer start(BooleanSupplier mayWrite) throws IOException, InterruptedException;
    }

    /** A change of role, with why (the election group, the API's address, or the reason for standing by). */
    public record RoleChange(Role role, String detail) {
    }

    private final CoordinatorConfig config;
    private final Duration sessionTimeout;
    private final NodeStarter starter;
    private final Consumer<RoleChange> listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lock = new Object();
    // Guarded by lock.
    private Role role = Role.STANDING_BY;
    private CoordinatorElection election;
    private CoordinatorServer active;

    public FailoverSupervisor(CoordinatorConfig config, Duration sessionTimeout, NodeStarter starter,
                              Consumer<RoleChange> listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.sessionTimeout = Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The role now. */
    public Role role() {
        synchronized (lock) {
            return role;
        }
    }

    /** Takes part until {@link #close}: stands by, decides while elected, stands by again. */
    public void run() throws InterruptedException {
        TopicSetup.ensure(config, Duration.ofSeconds(60));
        synchronized (lock) {
            if (role == Role.STOPPED) {
                return;
            }
            election = new CoordinatorElection(config, sessionTimeout);
        }
        listener.accept(new RoleChange(Role.STANDING_BY, "election group " + config.electionGroup()));
        try {
            while (role() != Role.STOPPED) {
                CoordinatorElection e = currentElection();
                if (!e.awaitLeadership()) {
                    continue;
                }
                CoordinatorServer server;
                try {
                    server = starter.start(e::leading);
                } catch (IllegalStateException | IOException ex) {
                    if (refusedLog(ex)) {
                        stop(false); // retrying cannot help: an operator must act (the message says how)
                        throw new IllegalStateException(ex.getMessage(), ex);
                    }
                    LOG.warn("coordinator {} was elected but could not start: {}", config.instanceId(), ex.getMessage());
                    listener.accept(new RoleChange(Role.STANDING_BY, "was elected but could not start: " + ex.getMessage()));
                    Thread.sleep(500);
                    continue;
                }
                if (!becomeActive(server)) {
                    server.close();
                    break;
                }
                listener.accept(new RoleChange(Role.ACTIVE, "api: " + server.apiUrl()));
                while (role() == Role.ACTIVE && e.leading() && server.runtime().running()) {
                    Thread.sleep(50);
                }
                String why = !e.leading() ? "lost the election" : String.valueOf(server.runtime().failure());
                boolean fenced = server.runtime().fenced();
                if (server.runtime().fatal()) {
                    // Standing by would hide an instance that cannot work: stop, and let the process end.
                    stop(false);
                    throw new IllegalStateException(why);
                }
                if (!standBy(server)) {
                    break;
                }
                listener.accept(new RoleChange(Role.STANDING_BY, why));
                if (fenced && e.leading()) {
                    // Still elected, yet another writer fenced this one (a coordinator outside the election, or the
                    // group's view lags): leave the group so the election settles, and rejoin as a standby.
                    e.close();
                    Thread.sleep(sessionTimeout.toMillis() / 2);
                    rejoin();
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private CoordinatorElection currentElection() {
        synchronized (lock) {
            return election;
        }
    }

    private boolean becomeActive(CoordinatorServer server) {
        synchronized (lock) {
            if (role == Role.STOPPED) {
                return false;
            }
            transition(Role.ACTIVE);
            active = server;
            return true;
        }
    }

    /** Closes the node; false when the supervisor stopped meanwhile (then close() already closed it). */
    private boolean standBy(CoordinatorServer server) {
        synchronized (lock) {
            if (role == Role.STOPPED) {
                return false;
            }
            transition(Role.STANDING_BY);
            active = null;
        }
        server.close();
        return true;
    }

    private void rejoin() {
        synchronized (lock) {
            if (role != Role.STOPPED) {
                election = new CoordinatorElection(config, sessionTimeout);
            }
        }
    }

    /** Must hold lock. */
    private void transition(Role next) {
        if (!role.canMoveTo(next)) {
            throw new IllegalStateException("coordinator " + config.instanceId() + ": no transition from " + role
                    + " to " + next);
        }
        role = next;
    }

    /** Stops: closes the node if active, leaves the election, and waits (10 s at most) for {@link #run} to end. */
    @Override
    public void close() {
        stop(true);
    }

    private void stop(boolean awaitRun) {
        CoordinatorServer server;
        CoordinatorElection e;
        synchronized (lock) {
            if (role == Role.STOPPED) {
                return;
            }
            transition(Role.STOPPED);
            server = active;
            active = null;
            e = election;
        }
        if (server != null) {
            server.close();
        }
        if (e == null) {
            return; // run() never joined the election: nothing to wait for
        }
        e.close();
        if (!awaitRun) {
            return; // called from run() itself
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether starting failed because the log's beginning is gone past every snapshot: not worth a retry. */
    private static boolean refusedLog(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.daxseal.coordinator.runtime.LogBeginningGoneException) {
                return true;
            }
        }
        return false;
    }
}
