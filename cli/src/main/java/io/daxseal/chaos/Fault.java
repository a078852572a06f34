package io.daxseal.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/** One fault injected: what, on whom, when (epoch ms), and what was observed about it. */
final class Fault {

    /** The kinds of fault, by the names the report uses. */
    enum Kind {
        KILL_BROKER("kill -9 broker, restart"),
        RESTART_BROKER("clean broker restart, agents heartbeating"),
        KILL_COORDINATOR("kill -9 deciding coordinator (failover)"),
        PAUSE_COORDINATOR("SIGSTOP deciding coordinator past its session (failover, zombie fenced)"),
        STALL_COORDINATOR("SIGSTOP deciding coordinator past the agents' ttl, within its session (no failover)"),
        KILL_AGENT("kill -9 agent, restart later"),
        PAUSE_AGENT("SIGSTOP agent past its ttl, SIGCONT");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    final Kind kind;
    final String target;
    final long at;
    long restartedAt;
    long endedAt;
    final Map<String, String> observed = new LinkedHashMap<>();

    Fault(Kind kind, String target, long at) {
        this.kind = kind;
        this.target = target;
        this.at = at;
    }
}
