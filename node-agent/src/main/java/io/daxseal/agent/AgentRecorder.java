package io.daxseal.agent;

import io.daxseal.agent.core.HeldSeal;
import java.util.List;

/**
 * Where a {@link NodeAgent} keeps its own account of what happened: which events the broker
 * acknowledged (and where), which incarnations it registered, and when and why it revoked its
 * seals. The invariant checker ({@code daxseal check --records}) reads these accounts to verify S5
 * (self-revocation came first) and S6 (every acknowledged event is in the log exactly once),
 * which the log alone cannot show. Calls come from the agent's threads and must be quick.
 *
 * <p>{@link io.daxseal.agent.records.LocalRecordFile} writes them to a JSON-lines file.
 */
public interface AgentRecorder {

    /** Records nothing. */
    AgentRecorder NONE = new AgentRecorder() {
    };

    /** The broker acknowledged the registration of {@code incarnation}, sent at {@code at}. */
    default void registered(String agent, long incarnation, long at) {
    }

    /** The broker acknowledged {@code value} at {@code topic}-{@code partition}@{@code offset}. */
    default void acknowledged(String topic, int partition, long offset, byte[] value) {
    }

    /**
     * The agent took every seal of {@code incarnation} away from its holders at {@code at}.
     *
     * @param cause {@code lease-in-doubt} (S5: it revoked on its own), {@code coordinator} (it was told
     *              its incarnation ended while it still trusted its lease), or {@code shutdown}
     * @param deadline when its lease became doubtful ({@code lastAckedSentAt + ttl − margin}); from
     *                 then on no seal of the incarnation is honoured, even if the process only ran
     *                 again later (a long pause)
     */
    default void revoked(String agent, long incarnation, String cause, long deadline, long at, List<HeldSeal> seals) {
    }
}
