package io.daxseal.agent;

import io.daxseal.agent.core.Recall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the file server does when a seal is recalled: tear down the RDMA registration or mapping,
 * then complete the returned stage; the agent then publishes {@code seal.released{recall}}. A stage
 * that fails or never completes means "not released": the coordinator's deadline decides.
 * Called on the agent's handler thread; must not block for long.
 */
@FunctionalInterface
public interface RecallHandler {

    CompletionStage<Void> onRecall(Recall recall);

    /** Releases at once: for holders with nothing to tear down. */
    RecallHandler RELEASE_AT_ONCE = recall -> CompletableFuture.completedFuture(null);
}
