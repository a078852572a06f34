package io.daxseal.agent;

import io.daxseal.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link NodeAgent} needs, immutable; build with {@link #builder(String, String)}.
 *
 * @param agentId this host's agent id (PROTOCOL.md: 1–64 of {@code [A-Za-z0-9._-]})
 * @param bootstrapServers the Kafka cluster
 * @param topics topic names (the coordinator's must match)
 * @param ttlMs the lease the agent asks for (500–600000)
 * @param heartbeatInterval how often it heartbeats; at most a third of the ttl
 * @param revokeMargin S5's margin: seals are revoked at {@code lastAckedHeartbeatSentAt + ttl − margin}
 * @param grantTimeout how long one seal request waits for the coordinator's answer
 * @param rangeBusyAttempts how many times a request denied {@code range-busy} is tried in all
 * @param rangeBusyBackoff the first wait before retrying a {@code range-busy} request (doubles, with jitter)
 * @param rangeBusyMaxBackoff the longest wait between {@code range-busy} retries
 * @param processPollInterval how often holder processes are checked for exit
 * @param incarnationFile where the last incarnation is kept across restarts (empty: wall-clock only)
 * @param clock the agent's clock (tests inject one)
 * @param producerOverrides extra Kafka producer settings
 * @param recorder where the agent keeps its own account of acknowledgements and revocations
 */
public record AgentConfig(String agentId, String bootstrapServers, Topics topics, long ttlMs,
                          Duration heartbeatInterval, Duration revokeMargin, Duration grantTimeout,
                          int rangeBusyAttempts, Duration rangeBusyBackoff, Duration rangeBusyMaxBackoff,
                          Duration processPollInterval, Optional<Path> incarnationFile, InstantSource clock,
                          Map<String, Object> producerOverrides, AgentRecorder recorder) {

    public AgentConfig {
        Objects.requireNonNull(agentId, "agentId");
        if (!agentId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("agent id '" + agentId + "' must be 1-64 characters of [A-Za-z0-9._-]");
        }
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (ttlMs < 500 || ttlMs > 600_000) {
            throw new IllegalArgumentException("ttlMs " + ttlMs + " is outside 500..600000 (PROTOCOL.md)");
        }
        if (heartbeatInterval.toMillis() <= 0 || heartbeatInterval.toMillis() > ttlMs / 3) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatInterval.toMillis()
                    + " ms must be above 0 and at most ttl/3 = " + ttlMs / 3 + " ms");
        }
        if (revokeMargin.toMillis() <= 0 || revokeMargin.toMillis() >= ttlMs - heartbeatInterval.toMillis()) {
            throw new IllegalArgumentException("revoke margin " + revokeMargin.toMillis()
                    + " ms must be above 0 and below ttl - heartbeat interval");
        }
        if (rangeBusyAttempts < 1) {
            throw new IllegalArgumentException("rangeBusyAttempts must be at least 1");
        }
        producerOverrides = Map.copyOf(producerOverrides);
        Objects.requireNonNull(recorder, "recorder");
    }

    /** Sane defaults: ttl 3 s, heartbeat every ttl/4, margin ttl/5, grants within 10 s, 8 tries on range-busy. */
    public static Builder builder(String agentId, String bootstrapServers) {
        return new Builder(agentId, bootstrapServers);
    }

    /** Builds an {@link AgentConfig}; unset durations follow the ttl. */
    public static final class Builder {
        private final String agentId;
        private final String bootstrapServers;
        private Topics topics = Topics.DEFAULT;
        private long ttlMs = 3000;
        private Duration heartbeatInterval;
        private Duration revokeMargin;
        private Duration grantTimeout = Duration.ofSeconds(10);
        private int rangeBusyAttempts = 8;
        private Duration rangeBusyBackoff = Duration.ofMillis(50);
        private Duration rangeBusyMaxBackoff = Duration.ofSeconds(2);
        private Duration processPollInterval = Duration.ofMillis(200);
        private Path incarnationFile;
        private InstantSource clock = InstantSource.system();
        private Map<String, Object> producerOverrides = Map.of();
        private AgentRecorder recorder = AgentRecorder.NONE;

        private Builder(String agentId, String bootstrapServers) {
            this.agentId = agentId;
            this.bootstrapServers = bootstrapServers;
        }

        public Builder topics(Topics topics) { this.topics = topics; return this; }
        public Builder ttlMs(long ttlMs) { this.ttlMs = ttlMs; return this; }
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        public Builder revokeMargin(Duration d) { this.revokeMargin = d; return this; }
        public Builder grantTimeout(Duration d) { this.grantTimeout = d; return this; }
        public Builder rangeBusyAttempts(int n) { this.rangeBusyAttempts = n; return this; }
        public Builder rangeBusyBackoff(Duration first, Duration max) {
            this.rangeBusyBackoff = first;
            this.rangeBusyMaxBackoff = max;
            return this;
        }
        public Builder processPollInterval(Duration d) { this.processPollInterval = d; return this; }
        public Builder incarnationFile(Path file) { this.incarnationFile = file; return this; }
        public Builder clock(InstantSource clock) { this.clock = clock; return this; }
        public Builder producerOverrides(Map<String, Object> overrides) { this.producerOverrides = overrides; return this; }
        public Builder recorder(AgentRecorder recorder) { this.recorder = recorder; return this; }

        public AgentConfig build() {
            Duration hb = heartbeatInterval != null ? heartbeatInterval : Duration.ofMillis(Math.max(1, ttlMs / 4));
            Duration margin = revokeMargin != null ? revokeMargin : Duration.ofMillis(Math.max(50, ttlMs / 5));
            return new AgentConfig(agentId, bootstrapServers, topics, ttlMs, hb, margin, grantTimeout,
                    rangeBusyAttempts, rangeBusyBackoff, rangeBusyMaxBackoff, processPollInterval,
                    Optional.ofNullable(incarnationFile), clock, producerOverrides, recorder);
        }
    }
}
