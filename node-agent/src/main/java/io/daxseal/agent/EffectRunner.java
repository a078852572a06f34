package io.daxseal.agent;

import io.daxseal.agent.core.Recall;
import io.daxseal.events.ReleaseReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.daxseal.agent.core.AgentEffect;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.SealRef;
import io.daxseal.events.SealRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out the agent core's effects, in order, outside the core's lock: sends through the
 * {@link AgentLink}, completes or fails the requesters' futures, and calls the server's handlers.
 */
final class EffectRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EffectRunner.class);

    private final NodeAgent agent;
    private final AgentThreads threads;
    private final RecallHandler recallHandler;
    private final RevokeHandler revokeHandler;

    EffectRunner(NodeAgent agent, AgentThreads threads, RecallHandler recallHandler, RevokeHandler revokeHandler) {
        this.agent = agent;
        this.threads = threads;
        this.recallHandler = recallHandler;
        this.revokeHandler = revokeHandler;
    }

    /** Runs the effects; returns the sends they started, in order. */
    List<CompletableFuture<?>> run(List<AgentEffect> effects) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (AgentEffect effect : effects) {
            switch (effect) {
                case AgentEffect.Publish p -> sent.add(publish(p));
                case AgentEffect.GrantCompleted g -> agent.completeGrant(g.ref(), g.seal());
                case AgentEffect.GrantDenied d ->
                        agent.failGrant(d.ref(), new SealDeniedException(d.ref().seal(), d.reason()));
                case AgentEffect.GrantsAbandoned a ->
                        a.refs().forEach(ref -> agent.failGrant(ref, new AgentNotLiveException(a.why())));
                case AgentEffect.RecallDelivered r -> recall(r.recall());
                case AgentEffect.Revoked r -> revoke(r);
                case AgentEffect.IncarnationEnded e -> agent.incarnationEnded(e);
            }
        }
        return sent;
    }

    private CompletableFuture<?> publish(AgentEffect.Publish p) {
        CompletableFuture<?> f = agent.link().send(p.event());
        switch (p.event()) {
            case AgentHeartbeat h -> f.thenRun(() -> agent.heartbeatAcked(h.incarnation(), h.at()));
            case SealRequested r -> f.whenComplete((md, e) -> {
                if (e != null) {
                    agent.requestNotSent(new SealRef(r.inode(), r.seal()), e);
                }
            });
            default -> { }
        }
        return f;
    }

    private void recall(Recall recall) {
        threads.handler(() -> {
            try {
                recallHandler.onRecall(recall).whenComplete((v, e) -> {
                    if (e == null) {
                        agent.release(recall.seal(), ReleaseReason.RECALL);
                    } else {
                        LOG.warn("agent {}: the recall handler did not release {}: {}", agent.id(), recall.seal().name(),
                                e.toString());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("agent {}: the recall handler failed for {}: {}", agent.id(), recall.seal().name(), e.toString());
            }
        });
    }

    private void revoke(AgentEffect.Revoked revoked) {
        Runnable calls = () -> revoked.seals().forEach(s -> {
            try {
                revokeHandler.onRevoke(s, revoked.reason());
            } catch (RuntimeException e) {
                LOG.error("agent {}: the revoke handler failed for {}: {}", agent.id(), s.name(), e.toString(), e);
            }
        });
        if (revoked.urgent()) {
            calls.run();
        } else {
            threads.handler(calls);
        }
    }
}
