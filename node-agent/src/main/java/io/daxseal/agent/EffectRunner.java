package io.daxseal.agent;

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

    private final NodeAgent agent;

    EffectRunner(NodeAgent agent) {
        this.agent = agent;
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
                case AgentEffect.RecallDelivered r -> agent.recall(r.recall());
                case AgentEffect.Revoked r -> agent.revoke(r);
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
}
