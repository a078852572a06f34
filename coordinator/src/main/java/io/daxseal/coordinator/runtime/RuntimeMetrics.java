package io.daxseal.coordinator.runtime;

import io.daxseal.events.Decision;
import io.daxseal.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's meters (Micrometer; Prometheus names in brackets): events read by kind
 * [{@code daxseal_events_read_total}], records written by topic [{@code daxseal_records_written_total}],
 * decisions by type [{@code daxseal_decisions_total}], recalls, breaks and expiries, transactions,
 * consumer lag [{@code daxseal_consumer_lag_records}], live seals, and decision latency (from the
 * poll that read an input to the commit of its decisions) [{@code daxseal_decision_latency_seconds}],
 * snapshots written and failed [{@code daxseal_snapshots_total}], the last snapshot's size and time,
 * the entries waiting for the snapshot shadow, and the state's size
 * [{@code daxseal_state_inodes}, {@code daxseal_state_agents}].
 */
final class RuntimeMetrics {

    final Counter inputsRead;
    final Counter badEvents;
    final Counter foreignDecisions;
    final Counter recalls;
    final Counter breaks;
    final Counter expiries;
    final Counter transactions;
    final Counter transactionFailures;
    final Counter stalls;
    final io.micrometer.core.instrument.DistributionSummary entriesPerCommit;
    final Timer backpressure;
    final Timer commitDuration;
    final Counter readsWithRecords;
    final Counter readsEmpty;
    final AtomicLong pendingEntries = new AtomicLong();
    final AtomicLong heldRecords = new AtomicLong();
    final Timer decisionLatency;
    final AtomicLong consumerLag = new AtomicLong();
    final AtomicLong liveSeals = new AtomicLong();
    final AtomicLong inodes = new AtomicLong();
    final AtomicLong agents = new AtomicLong();
    final Counter snapshotsWritten;
    final Counter snapshotFailures;
    final AtomicLong snapshotBytes = new AtomicLong();
    final AtomicLong snapshotMillis = new AtomicLong();
    final AtomicLong snapshotBacklog = new AtomicLong();
    private final Map<EventType, Counter> decisions = new EnumMap<>(EventType.class);
    private final MeterRegistry registry;

    RuntimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        stalls = Counter.builder("daxseal.coordinator.stalls")
                .description("Times the loop did not run for longer than the stall threshold (a GC pause, SIGSTOP); "
                        + "reported only: timers wait for the input appended by their due time anyway (rule 7)")
                .register(registry);
        entriesPerCommit = io.micrometer.core.instrument.DistributionSummary.builder("daxseal.commit.entries")
                .description("Journal entries per transaction: batches decided while the previous commit ran go "
                        + "into the next one together").publishPercentiles(0.5, 0.99).register(registry);
        commitDuration = Timer.builder("daxseal.commit.duration")
                .description("One transaction, from its first record sent to its commit's end")
                .publishPercentiles(0.5, 0.99).register(registry);
        String reads = "Reads of the input logs by the loop, by whether they returned records";
        readsWithRecords = Counter.builder("daxseal.coordinator.reads").tag("result", "records").description(reads)
                .register(registry);
        readsEmpty = Counter.builder("daxseal.coordinator.reads").tag("result", "empty").description(reads)
                .register(registry);
        backpressure = Timer.builder("daxseal.coordinator.backpressure")
                .description("Time the loop waited before reading more because too many decided inputs were not "
                        + "committed yet").register(registry);
        Gauge.builder("daxseal.commit.pending", pendingEntries, AtomicLong::get)
                .description("Journal entries decided and not yet committed").register(registry);
        Gauge.builder("daxseal.coordinator.held", heldRecords, AtomicLong::get).baseUnit("records")
                .description("Records read and held undecided while a due timer waits for the log to settle (rule 7)")
                .register(registry);
        // One name, one description: Prometheus shows a single HELP line for all of a metric's series.
        String eventsRead = "Records read from inode-log and agent-log, by kind: input (valid input events), bad (not "
                + "valid events), foreign-decision (decisions not written by a coordinator); bad and foreign ones are "
                + "kept in the log and never applied";
        inputsRead = Counter.builder("daxseal.events.read").tag("kind", "input").description(eventsRead)
                .register(registry);
        badEvents = Counter.builder("daxseal.events.read").tag("kind", "bad").description(eventsRead)
                .register(registry);
        foreignDecisions = Counter.builder("daxseal.events.read").tag("kind", "foreign-decision")
                .description(eventsRead).register(registry);
        recalls = Counter.builder("daxseal.recalls").description("seal.recalled decisions").register(registry);
        breaks = Counter.builder("daxseal.breaks").description("seal.broken decisions").register(registry);
        expiries = Counter.builder("daxseal.expiries").description("agent.expired decisions").register(registry);
        String tx = "Kafka transactions of decisions and journal entries, by result: committed, or failed (the state "
                + "was then reloaded from the log)";
        transactions = Counter.builder("daxseal.transactions").tag("result", "committed").description(tx)
                .register(registry);
        transactionFailures = Counter.builder("daxseal.transactions").tag("result", "failed").description(tx)
                .register(registry);
        decisionLatency = Timer.builder("daxseal.decision.latency")
                .description("From the poll that read an input to the commit of its decisions")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("daxseal.consumer.lag", consumerLag, AtomicLong::get).baseUnit("records")
                .description("Input records not yet read, over the owned partitions").register(registry);
        Gauge.builder("daxseal.seals.live", liveSeals, AtomicLong::get)
                .description("Live seals after the last committed transaction").register(registry);
        Gauge.builder("daxseal.state.inodes", inodes, AtomicLong::get)
                .description("Inodes remembered: those with a live seal or an unfinished operation (rule 13)")
                .register(registry);
        Gauge.builder("daxseal.state.agents", agents, AtomicLong::get)
                .description("Agents remembered, each with its highest incarnation only (rule 13)").register(registry);
        String snapshots = "Snapshots of the coordinator's state, by result: written, or failed (tried again later)";
        snapshotsWritten = Counter.builder("daxseal.snapshots").tag("result", "written").description(snapshots)
                .register(registry);
        snapshotFailures = Counter.builder("daxseal.snapshots").tag("result", "failed").description(snapshots)
                .register(registry);
        Gauge.builder("daxseal.snapshot.bytes", snapshotBytes, AtomicLong::get).baseUnit("bytes")
                .description("Size of the last snapshot written").register(registry);
        Gauge.builder("daxseal.snapshot.duration", snapshotMillis, AtomicLong::get).baseUnit("milliseconds")
                .description("Time to encode and write the last snapshot (on the snapshot thread, not the loop)")
                .register(registry);
        Gauge.builder("daxseal.snapshot.backlog", snapshotBacklog, AtomicLong::get).baseUnit("entries")
                .description("Committed journal entries the snapshot shadow has not applied yet").register(registry);
        for (EventType type : EventType.values()) {
            if (type.isDecision()) {
                decisions.put(type, Counter.builder("daxseal.decisions").tag("type", type.wire())
                        .description("Committed decisions, by type").register(registry));
            }
        }
    }

    void decided(Decision d) {
        decisions.get(d.type()).increment();
        switch (d.type()) {
            case SEAL_RECALLED -> recalls.increment();
            case SEAL_BROKEN -> breaks.increment();
            case AGENT_EXPIRED -> expiries.increment();
            default -> { }
        }
    }

    /** Counts what {@code retries} says: the journal writer's produce retries over its producers' lives. */
    void commitRetries(java.util.function.DoubleSupplier retries) {
        io.micrometer.core.instrument.FunctionCounter.builder("daxseal.commit.retries", retries,
                        java.util.function.DoubleSupplier::getAsDouble)
                .description("Writes of the coordinator's transactions that the broker refused for now and the "
                        + "producer retried: mostly CONCURRENT_TRANSACTIONS, a transaction that began before the "
                        + "previous one's commit markers were written (expected under load; the log does not show "
                        + "them)").register(registry);
    }

    void written(String topic, int records) {
        Counter.builder("daxseal.records.written").tag("topic", topic)
                .description("Records written in committed transactions, by topic (decisions, inbox copies)")
                .register(registry).increment(records);
    }
}
