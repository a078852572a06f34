package io.daxseal.coordinator.failover;

import io.daxseal.coordinator.runtime.CoordinatorConfig;

import io.daxseal.kafka.ClientSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one coordinator instance of a log that decides, with a Kafka consumer group: every
 * instance subscribes to the one-partition journal topic in the group
 * {@link CoordinatorConfig#electionGroup()}, and the member assigned that partition leads. When
 * the leader dies or stalls past the session timeout, the group gives the partition to another
 * member, which then starts its runtime; the runtime's {@code initTransactions} fences the old
 * leader's producer, so a stalled leader that wakes up (a zombie) cannot write any more.
 *
 * <p>Leadership here only says who <em>should</em> write; the transactional fencing is what makes
 * a second writer impossible. The election makes failover automatic and keeps a healthy standby
 * from fencing the leader.
 *
 * <p>The consumer never reads the journal (the partition stays paused); its thread only polls, which
 * keeps the membership alive.
 */
public final class CoordinatorElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorElection.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String journal;
    private final String instanceId;
    private final Thread thread;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object changed = new Object();
    private volatile boolean running = true;

    /**
     * Joins the election.
     *
     * @param sessionTimeout how long the leader may be silent before another takes over; the broker
     *                       bounds it by {@code group.min.session.timeout.ms}
     */
    public CoordinatorElection(CoordinatorConfig config, Duration sessionTimeout) {
        this.journal = config.topics().journal();
        this.instanceId = config.instanceId();
        ClientSettings settings = ClientSettings.reader(config.bootstrapServers(), "daxseal-election-" + config.instanceId())
                .with(ConsumerConfig.GROUP_ID_CONFIG, config.electionGroup())
                .with(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis())
                .with(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 5))
                .with(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.max(10_000, sessionTimeout.toMillis() * 3))
        // Cooperative sticky: when a standby (re)joins, the leader keeps the partition and is not even asked to give
        // it up. The default range assignor gave it to the member whose id sorts first (a needless failover at every
        // rejoin), and the eager sticky assignor revoked and re-assigned it at every rebalance (a needless reload);
        // both seen in chaos runs.
                .with(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        this.consumer = settings.newConsumer();
        this.thread = new Thread(this::run, "daxseal-election-" + instanceId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether this instance leads now. */
    public boolean leading() {
        return leading.get();
    }

    /** Waits until this instance leads, or the election is closed ({@code false}). */
    public boolean awaitLeadership() throws InterruptedException {
        synchronized (changed) {
            while (running && !leading.get()) {
                changed.wait(200);
            }
            return running && leading.get();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(journal), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        set(false, "revoked");
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        set(false, "lost (this member was out of the group: a pause, or the broker was away)");
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.pause(partitions);
                    if (!partitions.isEmpty()) {
                        set(true, "assigned");
                    }
                }
            });
            while (running) {
                try {
                    consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    // closing
                } catch (RuntimeException e) {
                    // The broker may be restarting; the consumer rejoins by itself. Leadership stays as the
                    // group last said: if this member drops out meanwhile, onPartitionsLost clears it.
                    LOG.warn("coordinator {}: election poll failed ({}); retrying", instanceId, e.toString());
                    sleep(200);
                }
            }
        } finally {
            set(false, "the election closed");
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void set(boolean lead, String why) {
        if (leading.getAndSet(lead) != lead) {
            LOG.info("coordinator {}: {} the leadership of {} ({})", instanceId, lead ? "won" : "lost", journal, why);
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        synchronized (changed) {
            changed.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
