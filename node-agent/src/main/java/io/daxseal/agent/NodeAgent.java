package io.daxseal.agent;

import io.daxseal.agent.core.SealRequest;
import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.core.AgentCore;
import io.daxseal.agent.core.AgentEffect;
import io.daxseal.agent.core.AgentStatus;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.DenyReason;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRef;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent an RDMA file server embeds. {@link #start} registers a new incarnation (always
 * higher than any earlier one of this agent) and heartbeats; {@link #map}/{@link #pin} publish
 * {@code seal.requested} and complete with the grant; {@link #release} publishes
 * {@code seal.released}; recalls go to the server's {@link RecallHandler}; seals that are gone
 * without consent go to its {@link RevokeHandler}; {@link #close} publishes {@code agent.left}.
 *
 * <p>This class is the transport: the agent's state and rules live in {@link AgentCore} (pure,
 * unit-tested without a broker), which this class feeds under one lock with inputs stamped by the
 * configured clock, and whose {@link AgentEffect}s it carries out outside the lock: Kafka sends
 * ({@link AgentLink}), futures, and the server's handlers ({@link AgentThreads}).
 *
 * <p>Self-revocation (PROTOCOL.md S5): when no heartbeat has been acknowledged by the broker for
 * {@code ttl − margin}, every held seal is revoked and the agent registers a new incarnation as soon
 * as the broker takes writes again. The same happens when the coordinator says this incarnation was
 * fenced or expired.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final AgentConfig config;
    private final String agentId;
    private final AgentCore core;
    private final AgentLink link;
    private final AgentThreads threads;
    private final IncarnationSource incarnations;
    private final Retry rangeBusyRetry;
    private final Retry registrationRetry;
    private final EffectRunner effectRunner;
    private final AtomicLong sealIds = new AtomicLong();
    /** Who waits for each pending request's answer; the core decides which requests are pending. */
    private final Map<SealRef, CompletableFuture<HeldSeal>> waiters = new ConcurrentHashMap<>();
    // Guarded by core.
    private CompletableFuture<Long> live = new CompletableFuture<>();
    private volatile boolean closing;

    private NodeAgent(AgentConfig config, RecallHandler recallHandler, RevokeHandler revokeHandler) {
        this.config = config;
        this.agentId = config.agentId();
        this.core = new AgentCore(agentId, config.ttlMs(), config.revokeMargin().toMillis());
        this.incarnations = new IncarnationSource(config.incarnationFile(), config.clock());
        this.threads = new AgentThreads(agentId);
        this.link = new AgentLink(config, decision -> feed(c -> c.onDecision(decision, now())));
        this.effectRunner = new EffectRunner(this, threads, recallHandler, revokeHandler);
        this.rangeBusyRetry = Retry.of("range-busy-" + agentId, RetryConfig.custom()
                .maxAttempts(config.rangeBusyAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.rangeBusyBackoff(), 2.0, 0.25,
                        config.rangeBusyMaxBackoff()))
                // Name what is retried: range-busy only. Every other denial is final.
                .retryOnException(e -> unwrap(e) instanceof SealDeniedException d && d.reason() == DenyReason.RANGE_BUSY)
                .failAfterMaxAttempts(false)
                .build());
        this.registrationRetry = Retry.of("registration-" + agentId, RetryConfig.custom()
                .maxAttempts(6)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(3)))
                .retryExceptions(ExecutionException.class, TimeoutException.class, KafkaException.class)
                .build());
    }

    /**
     * Starts an agent: connects, registers a new incarnation (waiting for the broker's
     * acknowledgement) and starts heartbeating.
     *
     * @throws IllegalStateException when the topics do not exist or the broker does not take the registration
     */
    public static NodeAgent start(AgentConfig config, RecallHandler recallHandler, RevokeHandler revokeHandler) {
        NodeAgent agent = new NodeAgent(config, recallHandler, revokeHandler);
        try {
            agent.link.startInbox();
            agent.registerWithRetry();
        } catch (RuntimeException e) {
            agent.shutDown();
            throw e;
        }
        agent.threads.every("heartbeat", config.heartbeatInterval(), () -> agent.feed(c -> c.heartbeatDue(agent.now())));
        agent.threads.everyOnLeaseThread("lease check", () -> agent.feed(c -> c.checkLease(agent.now())));
        agent.threads.every("process check", config.processPollInterval(), agent::checkProcesses);
        return agent;
    }

    // ------------------------------------------------------------------------------- public API

    /** Asks for a mapping seal; see {@link #acquire}. */
    public CompletableFuture<HeldSeal> map(Inode inode, Range range, ProcessRef process) {
        return acquire(SealRequest.map(inode, range, process));
    }

    /** Asks for a pin seal (RDMA registration); see {@link #acquire}. */
    public CompletableFuture<HeldSeal> pin(Inode inode, Range range, ProcessRef process) {
        return acquire(SealRequest.pin(inode, range, process));
    }

    /**
     * Publishes {@code seal.requested} and completes with the granted seal. Fails with
     * {@link SealDeniedException} on a denial ({@code range-busy} is first retried with bounded,
     * jittered exponential backoff), {@link TimeoutException} when no answer comes within the grant
     * timeout, {@link AgentNotLiveException} while the agent has no live incarnation.
     */
    public CompletableFuture<HeldSeal> acquire(SealRequest request) {
        // Never reused, so no incarnation uses an id twice (PROTOCOL.md); a range-busy retry keeps its denied id.
        SealRef ref = new SealRef(request.inode(), "s" + sealIds.incrementAndGet());
        return Retry.decorateCompletionStage(rangeBusyRetry, threads.timer(), () -> requestOnce(ref, request))
                .get().toCompletableFuture();
    }

    /** Releases a held seal (reason {@code unpin} or {@code unmap}); completes when the broker has it. */
    public CompletableFuture<Void> release(HeldSeal seal) {
        return release(seal, seal.kind() == SealKind.PIN ? ReleaseReason.UNPIN : ReleaseReason.UNMAP);
    }

    /** Releases a held seal with an explicit reason ({@code recall} when answering a recall by hand). */
    public CompletableFuture<Void> release(HeldSeal seal, ReleaseReason reason) {
        List<CompletableFuture<?>> sent = feed(c -> c.release(seal, reason, now()));
        return sent.isEmpty() ? CompletableFuture.completedFuture(null) // already gone: nothing to tell
                : sent.get(0).thenApply(md -> null);
    }

    /** The seals held now, in grant order (none once the lease is in doubt). */
    public List<HeldSeal> heldSeals() {
        feed(c -> c.checkLease(now()));
        synchronized (core) {
            return core.held();
        }
    }

    /** The current incarnation (the one registering, if none is live). */
    public long incarnation() {
        synchronized (core) {
            return core.incarnation();
        }
    }

    public AgentStatus status() {
        synchronized (core) {
            return core.status();
        }
    }

    public String agentId() {
        return agentId;
    }

    public AgentConfig config() {
        return config;
    }

    /** Waits until an incarnation is live; returns it. */
    public long awaitLive(Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<Long> f;
        synchronized (core) {
            f = live;
        }
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the agent closed", e.getCause());
        }
    }

    /** Inbox records that could not be decoded (logged with their offsets), for the daemon's health. */
    public long badInboxRecords() {
        return link.badInboxRecords();
    }

    /**
     * Graceful shutdown: revokes every held seal (the server must drop its registrations), publishes
     * {@code agent.left}, and closes the clients.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        threads.stopTimers();
        List<CompletableFuture<?>> sent = feed(c -> c.close(now()));
        if (!sent.isEmpty()) {
            try {
                sent.get(sent.size() - 1).get(5, TimeUnit.SECONDS); // agent.left
            } catch (Exception e) {
                LOG.warn("agent {}: could not publish agent.left ({}); its lease will expire instead", agentId,
                        e.toString());
            }
        }
        shutDown();
    }

    /**
     * Stops at once, telling no one: no revocation, no {@code agent.left}, as a crashed host would.
     * For chaos tests and demos of expiry; a real server calls {@link #close}.
     */
    public void halt() {
        closing = true;
        feed(AgentCore::halt);
        shutDown();
    }

    // ------------------------------------------------------------------------------ registration

    private void registerWithRetry() {
        long inc = incarnations.next();
        synchronized (core) {
            core.beginRegistration(inc);
        }
        long[] sentAt = new long[1];
        try {
            registrationRetry.executeCheckedSupplier(() -> {
                sentAt[0] = now();
                // The same incarnation on every attempt: a duplicate that lands late is stale, ignored.
                return link.send(new AgentRegistered(sentAt[0], agentId, inc, config.ttlMs())).get(5, TimeUnit.SECONDS);
            });
        } catch (Throwable e) {
            throw new IllegalStateException("agent " + agentId + ": the broker at " + config.bootstrapServers()
                    + " did not take the registration of incarnation " + inc + ": " + unwrap(e), e);
        }
        synchronized (core) {
            if (!closing && core.registered(inc, sentAt[0])) {
                live.complete(inc);
            }
        }
        record(() -> config.recorder().registered(agentId, inc, sentAt[0]));
        LOG.info("agent {}: incarnation {} registered (ttl {} ms)", agentId, inc, config.ttlMs());
    }

    /** Registers a new incarnation in the background, until it works or the agent closes. */
    private void reregister() {
        threads.register(() -> {
            while (!closing) {
                try {
                    registerWithRetry();
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("{}; trying again", e.getMessage());
                }
            }
        });
    }

    // ------------------------------------------------------------------------------ seals

    private CompletableFuture<HeldSeal> requestOnce(SealRef ref, SealRequest request) {
        CompletableFuture<HeldSeal> grant = new CompletableFuture<>();
        waiters.put(ref, grant);
        feed(c -> c.request(ref, request, now()));
        return grant.orTimeout(config.grantTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((s, e) -> {
                    if (e != null) {
                        abandon(ref, grant);
                    }
                });
    }

    private void abandon(SealRef ref, CompletableFuture<HeldSeal> grant) {
        if (waiters.remove(ref, grant)) {
            synchronized (core) {
                core.abandon(ref);
            }
        }
    }

    private void checkProcesses() {
        java.util.Set<ProcessRef> holders;
        synchronized (core) {
            holders = core.holders();
        }
        for (ProcessRef p : holders) {
            if (!ProcessRefs.alive(p)) {
                LOG.info("agent {}: process {} (start {}) exited; its seals are released", agentId, p.pid(), p.start());
                feed(c -> c.processExited(p, now()));
            }
        }
    }

    // ------------------------------------------------------------------------------ effects

    /** Gives the core one input under its lock, then carries out its effects; returns the sends they started. */
    private List<CompletableFuture<?>> feed(Function<AgentCore, List<AgentEffect>> input) {
        List<AgentEffect> effects;
        synchronized (core) {
            effects = input.apply(core);
            if (core.status() == AgentStatus.CLOSED) {
                // Whoever waits for a live incarnation waits in vain now.
                live.completeExceptionally(new AgentNotLiveException("agent " + agentId + " closed"));
            } else if (effects.stream().anyMatch(e -> e instanceof AgentEffect.IncarnationEnded)) {
                live = new CompletableFuture<>(); // the next registration completes it
            }
        }
        return effectRunner.run(effects);
    }

    void completeGrant(SealRef ref, HeldSeal seal) {
        CompletableFuture<HeldSeal> f = waiters.remove(ref);
        if (f == null || !f.complete(seal)) {
            // The requester gave up (its wait timed out) between the grant's decision and now: nobody will use
            // this seal, so hand it back rather than hold it for ever.
            LOG.info("agent {}: seal {} was granted after its requester gave up; releasing it (orphan)", agentId, ref);
            release(seal, ReleaseReason.ORPHAN);
        }
    }

    void failGrant(SealRef ref, RuntimeException why) {
        CompletableFuture<HeldSeal> f = waiters.remove(ref);
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    void requestNotSent(SealRef ref, Throwable why) {
        synchronized (core) {
            core.abandon(ref);
        }
        CompletableFuture<HeldSeal> f = waiters.remove(ref);
        if (f != null) {
            f.completeExceptionally(why);
        }
    }

    void heartbeatAcked(long inc, long sentAt) {
        long ackedAt = now();
        synchronized (core) {
            core.heartbeatAcked(inc, sentAt, ackedAt);
        }
    }

    void incarnationEnded(AgentEffect.IncarnationEnded e) {
        record(() -> config.recorder().revoked(agentId, e.incarnation(), e.cause(), e.deadline(), e.at(), e.seals()));
        if (e.registerAgain()) {
            LOG.warn("agent {}#{}: {}; revoking {} seal(s) and registering a new incarnation", agentId, e.incarnation(),
                    e.why(), e.seals().size());
            reregister();
        }
    }

    AgentLink link() {
        return link;
    }

    String id() {
        return agentId;
    }

    long now() {
        return config.clock().millis();
    }

    /** The recorder is the user's code: its failure must not stop the agent's own work. */
    void record(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the recorder failed: {}", agentId, e.toString());
        }
    }

    private void shutDown() {
        closing = true;
        threads.stopAll();
        link.close();
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
