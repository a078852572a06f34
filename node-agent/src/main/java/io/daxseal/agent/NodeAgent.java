package io.daxseal.agent;

import io.daxseal.kafka.ClientSettings;
import io.daxseal.kafka.Partitions;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Decision;
import io.daxseal.events.DenyReason;
import io.daxseal.events.Event;
import io.daxseal.events.IncarnationScoped;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent an RDMA file server embeds. {@link #start} registers a new incarnation (always
 * higher than any earlier one of this agent) and heartbeats; {@link #map}/{@link #pin} publish
 * {@code seal.requested} and complete with the grant; {@link #release} publishes
 * {@code seal.released}; recalls go to the server's {@link RecallHandler}; seals that are gone
 * without consent go to its {@link RevokeHandler}; {@link #close} publishes {@code agent.left}.
 *
 * <p>Self-revocation (PROTOCOL.md S5): when no heartbeat has been acknowledged by the broker for
 * {@code ttl − margin}, every held seal is revoked and the agent registers a new incarnation as soon
 * as the broker takes writes again. The same happens when the coordinator says this incarnation was
 * fenced or expired.
 *
 * <p>Threads: one reads the agent's inbox, one scheduler heartbeats, checks the lease and the
 * holder processes, one runs the server's handlers. State is guarded by one lock; handlers are
 * never called under it.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final Duration LEASE_CHECK = Duration.ofMillis(20);

    /** Where the agent is in its life. */
    public enum Status {
        /** Registering an incarnation; requests are refused. */
        REGISTERING,
        /** Registered and heartbeating; requests are taken. */
        LIVE,
        /** Seals revoked (lease in doubt or incarnation ended); registering again. */
        REVOKED,
        /** Closed. */
        CLOSED
    }

    private final AgentConfig config;
    private final String agentId;
    private final EventCodec codec = EventCodec.v1();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> inbox;
    private final ScheduledExecutorService scheduler;
    /** Its own thread: a heartbeat send may block (up to max.block.ms) when the broker is gone, and S5 must not wait. */
    private final ScheduledExecutorService leaseChecker;
    private final ExecutorService handlers;
    private final ExecutorService registrar;
    private final Thread inboxThread;
    private final IncarnationSource incarnations;
    private final Retry rangeBusyRetry;
    private final Retry registrationRetry;
    private final RecallHandler recallHandler;
    private final RevokeHandler revokeHandler;
    private final AtomicLong sealIds = new AtomicLong();
    private final AtomicLong badInboxRecords = new AtomicLong();

    private final Object lock = new Object();
    // Guarded by lock.
    private final LeaseKeeper lease;
    private Status status = Status.REGISTERING;
    private long incarnation;
    private long heartbeatSeq;
    private final Map<String, HeldSeal> held = new LinkedHashMap<>();
    private final Map<String, PendingGrant> pending = new HashMap<>();

    /** A request published and not yet answered. */
    private record PendingGrant(SealRequest request, CompletableFuture<HeldSeal> future) {
    }
    private CompletableFuture<Long> live = new CompletableFuture<>();
    private volatile boolean closing;

    private NodeAgent(AgentConfig config, RecallHandler recallHandler, RevokeHandler revokeHandler) {
        this.config = config;
        this.agentId = config.agentId();
        this.recallHandler = recallHandler;
        this.revokeHandler = revokeHandler;
        this.lease = new LeaseKeeper(config.ttlMs(), config.revokeMargin().toMillis());
        this.incarnations = new IncarnationSource(config.incarnationFile(), config.clock());
        this.producer = producerSettings(config).newProducer();
        this.inbox = consumerSettings(config).newConsumer();
        this.scheduler = Executors.newScheduledThreadPool(1, daemon("daxseal-agent-" + agentId + "-timer"));
        this.leaseChecker = Executors.newSingleThreadScheduledExecutor(daemon("daxseal-agent-" + agentId + "-lease"));
        this.handlers = Executors.newSingleThreadExecutor(daemon("daxseal-agent-" + agentId + "-handlers"));
        this.registrar = Executors.newSingleThreadExecutor(daemon("daxseal-agent-" + agentId + "-registrar"));
        this.inboxThread = daemon("daxseal-agent-" + agentId + "-inbox").newThread(this::readInbox);
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
            agent.startInbox();
            agent.registerWithRetry();
        } catch (RuntimeException e) {
            agent.closeQuietly();
            throw e;
        }
        long hb = config.heartbeatInterval().toMillis();
        agent.scheduler.scheduleAtFixedRate(agent.guarded("heartbeat", agent::heartbeat), hb, hb, TimeUnit.MILLISECONDS);
        agent.leaseChecker.scheduleAtFixedRate(agent.guarded("lease check", () -> agent.checkLease()), LEASE_CHECK.toMillis(),
                LEASE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        long pp = config.processPollInterval().toMillis();
        agent.scheduler.scheduleAtFixedRate(agent.guarded("process check", agent::checkProcesses), pp, pp,
                TimeUnit.MILLISECONDS);
        return agent;
    }

    // ------------------------------------------------------------------------------- public API

    /** Asks for a mapping seal; see {@link #acquire}. */
    public CompletableFuture<HeldSeal> map(Inode inode, io.daxseal.events.Range range, ProcessRef process) {
        return acquire(SealRequest.map(inode, range, process));
    }

    /** Asks for a pin seal (RDMA registration); see {@link #acquire}. */
    public CompletableFuture<HeldSeal> pin(Inode inode, io.daxseal.events.Range range, ProcessRef process) {
        return acquire(SealRequest.pin(inode, range, process));
    }

    /**
     * Publishes {@code seal.requested} and completes with the granted seal. Fails with
     * {@link SealDeniedException} on a denial ({@code range-busy} is first retried with bounded,
     * jittered exponential backoff), {@link TimeoutException} when no answer comes within the grant
     * timeout, {@link AgentNotLiveException} while the agent has no live incarnation.
     */
    public CompletableFuture<HeldSeal> acquire(SealRequest request) {
        String id = "s" + sealIds.incrementAndGet();
        return Retry.decorateCompletionStage(rangeBusyRetry, scheduler, () -> requestOnce(id, request))
                .get().toCompletableFuture();
    }

    /** Releases a held seal (reason {@code unpin} or {@code unmap}); completes when the broker has it. */
    public CompletableFuture<Void> release(HeldSeal seal) {
        return release(seal, seal.kind() == SealKind.PIN ? ReleaseReason.UNPIN : ReleaseReason.UNMAP);
    }

    /** The seals held now, in grant order (none once the lease is in doubt). */
    public List<HeldSeal> heldSeals() {
        checkLease();
        synchronized (lock) {
            return List.copyOf(held.values());
        }
    }

    /** The current incarnation (the one registering, if none is live). */
    public long incarnation() {
        synchronized (lock) {
            return incarnation;
        }
    }

    public Status status() {
        synchronized (lock) {
            return status;
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
        synchronized (lock) {
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
        return badInboxRecords.get();
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
        scheduler.shutdownNow();
        leaseChecker.shutdownNow();
        registrar.shutdownNow();
        List<HeldSeal> revoked;
        long inc;
        boolean wasLive;
        long deadline;
        synchronized (lock) {
            wasLive = status == Status.LIVE;
            inc = incarnation;
            deadline = lease.revokeAt();
            revoked = takeAllLocked(new AgentNotLiveException("agent " + agentId + " is closing"));
            status = Status.CLOSED;
            live.completeExceptionally(new AgentNotLiveException("agent " + agentId + " closed"));
        }
        if (wasLive) {
            record(() -> config.recorder().revoked(agentId, inc, "shutdown", deadline, now(), revoked));
        }
        revoked.forEach(s -> callRevoke(s, RevokeReason.SHUTDOWN));
        if (wasLive) {
            try {
                send(config.topics().agentLog(), agentId, new AgentLeft(now(), agentId, inc)).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("agent {}#{}: could not publish agent.left ({}); its lease will expire instead",
                        agentId, inc, e.toString());
            }
        }
        closeQuietly();
    }

    /**
     * Stops at once, telling no one: no revocation, no {@code agent.left}, as a crashed host would.
     * For chaos tests and demos of expiry; a real server calls {@link #close}.
     */
    public void halt() {
        synchronized (lock) {
            status = Status.CLOSED;
            held.clear();
            failAll(new AgentNotLiveException("halted"));
        }
        closeQuietly();
    }

    // ------------------------------------------------------------------------------ registration

    private void startInbox() {
        String topic = config.topics().agentInbox();
        List<PartitionInfo> partitions = inbox.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic '" + topic + "' does not exist on " + config.bootstrapServers()
                    + ": start the coordinator first (it creates the daxseal topics)");
        }
        TopicPartition mine = new TopicPartition(topic, Partitions.forKey(agentId, partitions.size()));
        inbox.assign(List.of(mine));
        inbox.seekToEnd(List.of(mine));
        inbox.position(mine); // resolve now: decisions for the incarnation about to register come after
        inboxThread.start();
    }


    private void registerWithRetry() {
        long inc = incarnations.next();
        synchronized (lock) {
            incarnation = inc;
            heartbeatSeq = 0;
            if (status != Status.REVOKED) {
                status = Status.REGISTERING;
            }
        }
        long[] sentAt = new long[1];
        try {
            registrationRetry.executeCheckedSupplier(() -> {
                sentAt[0] = now();
                // The same incarnation on every attempt: a duplicate that lands late is stale, ignored.
                return send(config.topics().agentLog(), agentId,
                        new AgentRegistered(sentAt[0], agentId, inc, config.ttlMs())).get(5, TimeUnit.SECONDS);
            });
        } catch (Throwable e) {
            throw new IllegalStateException("agent " + agentId + ": the broker at " + config.bootstrapServers()
                    + " did not take the registration of incarnation " + inc + ": " + unwrap(e), e);
        }
        synchronized (lock) {
            if (incarnation == inc && !closing) {
                lease.started(sentAt[0]);
                status = Status.LIVE;
                live.complete(inc);
            }
        }
        record(() -> config.recorder().registered(agentId, inc, sentAt[0]));
        LOG.info("agent {}: incarnation {} registered (ttl {} ms)", agentId, inc, config.ttlMs());
    }

    /** Registers a new incarnation in the background, until it works or the agent closes. */
    private void reregister() {
        registrar.execute(() -> {
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

    // --------------------------------------------------------------------------------- lease

    private void heartbeat() {
        long inc;
        long seq;
        if (checkLease()) {
            return; // the lease ran out (a long pause?): a heartbeat now must not look like renewal
        }
        synchronized (lock) {
            if (status != Status.LIVE) {
                return;
            }
            inc = incarnation;
            seq = ++heartbeatSeq;
        }
        long sentAt = now();
        try {
            send(config.topics().agentLog(), agentId, new AgentHeartbeat(sentAt, agentId, inc, seq))
                    .whenComplete((md, e) -> {
                        if (e == null) {
                            synchronized (lock) {
                                if (incarnation == inc && status == Status.LIVE) {
                                    lease.acked(sentAt, now());
                                }
                            }
                        }
                    });
        } catch (KafkaException e) {
            LOG.debug("agent {}: heartbeat not sent: {}", agentId, e.toString());
        }
    }

    /**
     * S5: revokes everything when the lease is in doubt. Runs every 20 ms on its own thread, and
     * first thing wherever seals are handed out or listed, so that after a pause longer than the
     * lease nothing presents a seal as valid before this has run.
     *
     * @return whether the lease was in doubt (and everything is now revoked)
     */
    private boolean checkLease() {
        List<HeldSeal> revoked;
        long inc;
        long deadline;
        long at = now();
        synchronized (lock) {
            if (status != Status.LIVE || !lease.inDoubt(at)) {
                return false;
            }
            inc = incarnation;
            deadline = lease.revokeAt();
            revoked = endIncarnationLocked("its lease is in doubt");
        }
        record(() -> config.recorder().revoked(agentId, inc, "lease-in-doubt", deadline, at, revoked));
        LOG.warn("agent {}#{}: no heartbeat acknowledged since {} (ttl {} ms, margin {} ms): revoking {} seal(s) "
                + "before the coordinator could expire them", agentId, inc, lease.lastAckedSentAt(), config.ttlMs(),
                config.revokeMargin().toMillis(), revoked.size());
        // Called here, not on the handler thread: S5 is about timing, and a slow recall handler must not delay it.
        revoked.forEach(s -> callRevoke(s, RevokeReason.LEASE_IN_DOUBT));
        reregister();
        return true;
    }

    private List<HeldSeal> endIncarnationLocked(String why) {
        status = Status.REVOKED;
        live = new CompletableFuture<>();
        return takeAllLocked(new AgentNotLiveException("agent " + agentId + "#" + incarnation + ": " + why));
    }

    private List<HeldSeal> takeAllLocked(RuntimeException forPending) {
        List<HeldSeal> all = new ArrayList<>(held.values());
        held.clear();
        failAll(forPending);
        return all;
    }

    /**
     * Fails every pending request. Copies first: failing a request's future runs its dependents
     * right here, and one of them removes the request from {@code pending}. Iterating the map
     * itself threw a ConcurrentModificationException, which (found by the chaos harness) silently
     * cancelled the periodic lease check: the agent never self-revoked again (S5).
     */
    private void failAll(RuntimeException why) {
        List<PendingGrant> waiting = new ArrayList<>(pending.values());
        pending.clear();
        waiting.forEach(p -> p.future().completeExceptionally(why));
    }

    /**
     * A periodic task that survives its own failure: an executor silently stops a periodic task that
     * throws once, and the lease check (S5) must never stop.
     */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                LOG.error("agent {}: the {} failed; it runs again at its next tick: {}", agentId, what, e.toString(), e);
            }
        };
    }

    // ------------------------------------------------------------------------------- processes

    private void checkProcesses() {
        Set<ProcessRef> processes = new HashSet<>();
        synchronized (lock) {
            held.values().forEach(s -> processes.add(s.process()));
        }
        for (ProcessRef p : processes) {
            if (!ProcessRefs.alive(p)) {
                processExited(p);
            }
        }
    }

    private void processExited(ProcessRef process) {
        List<HeldSeal> gone = new ArrayList<>();
        long inc;
        synchronized (lock) {
            if (status != Status.LIVE) {
                return;
            }
            inc = incarnation;
            held.values().removeIf(s -> {
                boolean match = s.process().equals(process);
                if (match) {
                    gone.add(s);
                }
                return match;
            });
        }
        LOG.info("agent {}#{}: process {} (start {}) exited; its {} seal(s) are released", agentId, inc,
                process.pid(), process.start(), gone.size());
        send(config.topics().agentLog(), agentId, new ProcessExited(now(), agentId, inc, process));
        gone.forEach(s -> handlers.execute(() -> callRevoke(s, RevokeReason.PROCESS_EXITED)));
    }

    // ----------------------------------------------------------------------------------- seals

    private CompletableFuture<HeldSeal> requestOnce(String id, SealRequest request) {
        CompletableFuture<HeldSeal> grant = new CompletableFuture<>();
        long inc;
        String name = request.inode().key() + "/" + id;
        checkLease();
        synchronized (lock) {
            if (status != Status.LIVE) {
                return CompletableFuture.failedFuture(new AgentNotLiveException(
                        "agent " + agentId + " is " + status.name().toLowerCase() + "; no seal can be requested now"));
            }
            inc = incarnation;
            pending.put(name, new PendingGrant(request, grant));
        }
        send(config.topics().inodeLog(), request.inode().key(), new SealRequested(now(), id, agentId, inc,
                request.process(), request.inode(), request.range(), request.kind()))
                .whenComplete((md, e) -> {
                    if (e != null) {
                        forget(name, grant);
                        grant.completeExceptionally(e);
                    }
                });
        return grant.orTimeout(config.grantTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((s, e) -> {
                    if (e != null) {
                        forget(name, grant);
                    }
                });
    }

    private void forget(String name, CompletableFuture<HeldSeal> grant) {
        synchronized (lock) {
            PendingGrant p = pending.get(name);
            if (p != null && p.future() == grant) {
                pending.remove(name);
            }
        }
    }

    /** Releases a held seal with an explicit reason ({@code recall} when answering a recall by hand). */
    public CompletableFuture<Void> release(HeldSeal seal, ReleaseReason reason) {
        synchronized (lock) {
            if (held.remove(seal.name()) == null || seal.incarnation() != incarnation) {
                return CompletableFuture.completedFuture(null); // already gone: nothing to tell
            }
        }
        return send(config.topics().inodeLog(), seal.inode().key(),
                new SealReleased(now(), seal.seal(), agentId, seal.incarnation(), seal.inode(), reason))
                .thenApply(md -> null);
    }

    // ----------------------------------------------------------------------------------- inbox

    private void readInbox() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : inbox.poll(Duration.ofMillis(100))) {
                    if (!agentId.equals(r.key())) {
                        continue; // another agent on the same partition
                    }
                    try {
                        Event event = codec.decode(r.value());
                        if (event instanceof Decision d) {
                            onDecision(d);
                        }
                    } catch (BadEventException e) {
                        badInboxRecords.incrementAndGet();
                        LOG.warn("agent {}: bad event in {}-{} at offset {}: {}", agentId, r.topic(), r.partition(),
                                r.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("agent {}: the inbox reader stopped: {}", agentId, e.toString(), e);
            }
        }
    }

    private void onDecision(Decision decision) {
        if (!(decision instanceof IncarnationScoped scoped) || !scoped.agent().equals(agentId)) {
            return;
        }
        switch (decision) {
            case SealGranted g -> onGranted(g);
            case SealDenied d -> {
                PendingGrant p;
                synchronized (lock) {
                    p = d.incarnation() == incarnation ? pending.remove(d.inode().key() + "/" + d.seal()) : null;
                }
                if (p != null) {
                    p.future().completeExceptionally(new SealDeniedException(d.seal(), d.reason()));
                }
            }
            case SealRecalled r -> {
                HeldSeal seal;
                synchronized (lock) {
                    seal = r.incarnation() == incarnation ? held.get(r.inode().key() + "/" + r.seal()) : null;
                }
                if (seal != null) {
                    handlers.execute(() -> recall(new Recall(seal, r.op(), r.deadline())));
                }
            }
            case SealBroken b -> {
                HeldSeal seal;
                synchronized (lock) {
                    seal = b.incarnation() == incarnation ? held.remove(b.inode().key() + "/" + b.seal()) : null;
                }
                if (seal != null) {
                    LOG.warn("agent {}#{}: seal {} broken ({})", agentId, b.incarnation(), seal.name(), b.cause().wire());
                    handlers.execute(() -> callRevoke(seal, RevokeReason.BROKEN));
                }
            }
            case AgentFenced f -> incarnationEnded(f.incarnation(), "fenced (" + f.cause().wire() + ")");
            case AgentExpired e -> incarnationEnded(e.incarnation(), "expired");
            default -> { }
        }
    }

    private void onGranted(SealGranted g) {
        PendingGrant p;
        HeldSeal seal = null;
        synchronized (lock) {
            String name = g.inode().key() + "/" + g.seal();
            p = g.incarnation() == incarnation && status == Status.LIVE ? pending.remove(name) : null;
            if (p != null) {
                SealRequest r = p.request();
                seal = new HeldSeal(g.seal(), g.incarnation(), g.inode(), r.range(), r.kind(), r.process(), g.token(),
                        g.at());
                held.put(name, seal);
            }
        }
        if (p != null) {
            p.future().complete(seal);
        } else if (g.incarnation() == incarnation()) {
            // Granted after the requester gave up (timeout): nobody holds it, so hand it back at once.
            LOG.info("agent {}: seal {}/{} was granted after its request timed out; releasing it", agentId,
                    g.inode().key(), g.seal());
            send(config.topics().inodeLog(), g.inode().key(),
                    new SealReleased(now(), g.seal(), agentId, g.incarnation(), g.inode(), ReleaseReason.UNMAP));
        }
    }

    private void recall(Recall recall) {
        try {
            recallHandler.onRecall(recall).whenComplete((v, e) -> {
                if (e == null) {
                    release(recall.seal(), ReleaseReason.RECALL);
                } else {
                    LOG.warn("agent {}: the recall handler did not release {}: {}", agentId, recall.seal().name(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the recall handler failed for {}: {}", agentId, recall.seal().name(), e.toString());
        }
    }

    private void incarnationEnded(long inc, String how) {
        if (checkLease()) {
            return; // woke from a pause to the news: the lease had run out first, and that is what revoked
        }
        List<HeldSeal> revoked;
        long deadline;
        long at = now();
        synchronized (lock) {
            if (inc != incarnation || status != Status.LIVE) {
                return;
            }
            deadline = lease.revokeAt();
            revoked = endIncarnationLocked("incarnation " + inc + " was " + how);
        }
        record(() -> config.recorder().revoked(agentId, inc, "coordinator", deadline, at, revoked));
        LOG.warn("agent {}#{}: {} by the coordinator; revoking {} seal(s) and registering a new incarnation",
                agentId, inc, how, revoked.size());
        revoked.forEach(s -> handlers.execute(() -> callRevoke(s, RevokeReason.INCARNATION_ENDED)));
        reregister();
    }

    private void callRevoke(HeldSeal seal, RevokeReason reason) {
        try {
            revokeHandler.onRevoke(seal, reason);
        } catch (RuntimeException e) {
            LOG.error("agent {}: the revoke handler failed for {}: {}", agentId, seal.name(), e.toString(), e);
        }
    }

    // ------------------------------------------------------------------------------- transport

    private CompletableFuture<org.apache.kafka.clients.producer.RecordMetadata> send(String topic, String key, Event event) {
        CompletableFuture<org.apache.kafka.clients.producer.RecordMetadata> f = new CompletableFuture<>();
        byte[] value = codec.encodeBytes(event);
        producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
            if (e == null) {
                record(() -> config.recorder().acknowledged(md.topic(), md.partition(), md.offset(), value));
                f.complete(md);
            } else {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private long now() {
        return config.clock().millis();
    }

    /** The recorder is the user's code: its failure must not stop the agent's own work. */
    private void record(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: the recorder failed: {}", agentId, e.toString());
        }
    }

    private void closeQuietly() {
        closing = true;
        scheduler.shutdownNow();
        leaseChecker.shutdownNow();
        registrar.shutdownNow();
        handlers.shutdown();
        inbox.wakeup();
        if (inboxThread.isAlive()) {
            try {
                inboxThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            inbox.close(Duration.ZERO);
        }
        producer.close(Duration.ofSeconds(2));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static ClientSettings producerSettings(AgentConfig config) {
        return ClientSettings.producer(config.bootstrapServers(), "daxseal-agent-" + config.agentId())
                // A heartbeat must not block the timer thread for a minute when the broker is gone.
                .with(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(2000, config.ttlMs() / 2))
                .with(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)
                .with(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .withAll(config.producerOverrides());
    }

    private static ClientSettings consumerSettings(AgentConfig config) {
        return ClientSettings.reader(config.bootstrapServers(), "daxseal-agent-" + config.agentId() + "-inbox")
                .with(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10); // grants wait on it: keep it short
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
