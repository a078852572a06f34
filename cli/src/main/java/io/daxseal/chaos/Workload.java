package io.daxseal.chaos;

import io.daxseal.events.OpRef;
import io.daxseal.kafka.ClientSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daxseal.agent.records.LocalRecordFile;
import io.daxseal.events.Event;
import io.daxseal.events.Inode;
import io.daxseal.events.OpFinished;
import io.daxseal.events.OpGranted;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpOutcome;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRejected;
import io.daxseal.events.OpRequested;
import io.daxseal.events.Range;
import io.daxseal.events.Topics;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import io.daxseal.coordinator.runtime.RequestPublisher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The load during a chaos run. Plays the file servers (pins, maps and releases through each agent
 * daemon's local API, some holders being short-lived processes that exit) and the filesystem's
 * metadata service (extent operations of every kind and policy, published to {@code inode-log}
 * like any requester, finished after they are granted, withdrawn when they wait too long). The
 * requester's acknowledged events go to its own record file, for S6.
 *
 * <p>Errors are expected while faults are injected (an agent is frozen, the coordinator is away):
 * they are counted, never fatal.
 */
final class Workload implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = EventCodec.standard();
    private static final int INODES = 8;

    /** A seal the workload holds through an agent. */
    private record Held(int agent, String seal, String inode) {
    }

    /** An operation asked for and not yet over. */
    private record PendingOp(Inode inode, String op, long requestedAt) {
    }

    private final List<String> agentUrls;
    private final Topics topics;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final RequestPublisher producer;
    private final KafkaConsumer<String, byte[]> decisions;
    private final LocalRecordFile records;
    private final List<Held> held = new ArrayList<>();
    private final Map<OpRef, PendingOp> ops = new ConcurrentHashMap<>();
    private final Map<OpRef, Long> grantedOps = new ConcurrentHashMap<>();
    private final List<Process> holders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final AtomicLong opSeq = new AtomicLong();

    final AtomicLong sealsGranted = new AtomicLong();
    final AtomicLong sealsDenied = new AtomicLong();
    final AtomicLong releases = new AtomicLong();
    final AtomicLong opsRequested = new AtomicLong();
    final AtomicLong opsGranted = new AtomicLong();
    final AtomicLong opsRejected = new AtomicLong();
    final AtomicLong opsWithdrawn = new AtomicLong();
    final AtomicLong holderExits = new AtomicLong();
    final AtomicLong failedCalls = new AtomicLong();

    Workload(String bootstrap, Topics topics, List<String> agentUrls, long seed, LocalRecordFile records) {
        this.agentUrls = agentUrls;
        this.topics = topics;
        this.random = new Random(seed);
        this.records = records;
        producer = new RequestPublisher(bootstrap, topics); // a requester like any other
        decisions = ClientSettings.reader(bootstrap, "daxseal-chaos-workload").newConsumer();
    }

    void start(int workers) {
        threads.add(Thread.ofPlatform().daemon().name("chaos-decisions").start(this::readDecisions));
        for (int i = 0; i < workers; i++) {
            long seed = random.nextLong();
            threads.add(Thread.ofPlatform().daemon().name("chaos-worker-" + i).start(() -> work(new Random(seed))));
        }
    }

    // ------------------------------------------------------------------------------- workers

    private void work(Random r) {
        while (running) {
            try {
                int dice = r.nextInt(100);
                if (dice < 42) {
                    acquire(r);
                } else if (dice < 72) {
                    release(r);
                } else if (dice < 92) {
                    requestOp(r);
                } else if (dice < 95) {
                    holderExits(r);
                } else {
                    withdrawStaleOps();
                }
                Thread.sleep(20 + r.nextInt(60));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                failedCalls.incrementAndGet();
            }
        }
    }

    private void acquire(Random r) throws IOException, InterruptedException {
        int agent = r.nextInt(agentUrls.size());
        String inode = "chaos:" + (1 + r.nextInt(INODES)) + ":0";
        long pid = ProcessHandle.current().pid();
        Process holder = null;
        if (r.nextInt(10) == 0) {
            holder = new ProcessBuilder("sleep", "600").start(); // a holder that will exit while holding
            pid = holder.pid();
        }
        String body = JSON.writeValueAsString(Map.of("inode", inode, "offset", 4096L * r.nextInt(16),
                "length", 4096L * (1 + r.nextInt(4)), "pid", pid, "kind", r.nextBoolean() ? "pin" : "map"));
        HttpResponse<String> resp = call(HttpRequest.newBuilder(URI.create(agentUrls.get(agent) + "/seals"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(15)));
        if (resp != null && resp.statusCode() == 200) {
            sealsGranted.incrementAndGet();
            JsonNode seal = JSON.readTree(resp.body());
            synchronized (held) {
                held.add(new Held(agent, seal.get("seal").asText(), inode));
                if (holder != null) {
                    holders.add(holder);
                }
            }
        } else {
            if (resp != null && resp.statusCode() == 409) {
                sealsDenied.incrementAndGet();
            }
            if (holder != null) {
                holder.destroy();
            }
        }
    }

    private void release(Random r) throws InterruptedException {
        Held h;
        synchronized (held) {
            if (held.isEmpty()) {
                return;
            }
            h = held.remove(r.nextInt(held.size()));
        }
        HttpResponse<String> resp = call(HttpRequest.newBuilder(URI.create(agentUrls.get(h.agent) + "/seals/"
                + URLEncoder.encode(h.seal, StandardCharsets.UTF_8) + "?inode=" + URLEncoder.encode(h.inode,
                StandardCharsets.UTF_8))).DELETE().timeout(Duration.ofSeconds(5)));
        if (resp != null && resp.statusCode() == 200) {
            releases.incrementAndGet();
        }
    }

    private void holderExits(Random r) {
        Process p;
        synchronized (held) {
            if (holders.isEmpty()) {
                return;
            }
            p = holders.remove(r.nextInt(holders.size()));
        }
        p.destroy(); // the agent sees it gone and publishes process.exited
        holderExits.incrementAndGet();
    }

    private void requestOp(Random r) {
        Inode inode = new Inode("chaos", 1 + r.nextInt(INODES), 0);
        String op = "op" + opSeq.incrementAndGet();
        long offset = 4096L * r.nextInt(16);
        Range range = r.nextInt(5) == 0 ? Range.toEndOfFile(offset) : new Range(offset, 4096L * (1 + r.nextInt(4)));
        OpKind kind = OpKind.values()[r.nextInt(OpKind.values().length)];
        OpPolicy policy = OpPolicy.values()[r.nextInt(OpPolicy.values().length)];
        long breakTimeout = 200 + r.nextInt(1300);
        ops.put(new OpRef(inode, op), new PendingOp(inode, op, System.currentTimeMillis()));
        publish(inode.key(), new OpRequested(System.currentTimeMillis(), op, inode, range, kind, policy, breakTimeout,
                "chaos"));
        opsRequested.incrementAndGet();
    }

    /** Operations that waited long (queued behind others, or the coordinator was away) are withdrawn. */
    private void withdrawStaleOps() {
        long now = System.currentTimeMillis();
        for (Map.Entry<OpRef, PendingOp> e : ops.entrySet()) {
            PendingOp p = e.getValue();
            if (now - p.requestedAt > 8000 && ops.remove(e.getKey()) != null) {
                publish(p.inode.key(), new OpFinished(now, p.op, p.inode, OpOutcome.ABORTED));
                opsWithdrawn.incrementAndGet();
            }
        }
        for (Map.Entry<OpRef, Long> e : grantedOps.entrySet()) {
            if (now >= e.getValue() && grantedOps.remove(e.getKey()) != null) {
                OpRef op = e.getKey();
                publish(op.inode().key(), new OpFinished(now, op.op(), op.inode(), OpOutcome.DONE));
            }
        }
    }

    private void publish(String key, Event event) {
        byte[] value = CODEC.encodeBytes(event);
        producer.send(topics.inodeLog(), key, value).whenComplete((md, e) -> {
            if (e == null) {
                records.acknowledged(md.topic(), md.partition(), md.offset(), value);
            } else {
                failedCalls.incrementAndGet();
            }
        });
    }

    private HttpResponse<String> call(HttpRequest.Builder request) throws InterruptedException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failedCalls.incrementAndGet(); // the agent is frozen, killed or restarting
            return null;
        }
    }

    // ------------------------------------------------------------------------------ decisions

    private void readDecisions() {
        List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
        decisions.partitionsFor(topics.inodeLog(), Duration.ofSeconds(30))
                .forEach(pi -> parts.add(new org.apache.kafka.common.TopicPartition(pi.topic(), pi.partition())));
        decisions.assign(parts);
        decisions.seekToEnd(parts);
        Random r = new Random(random.nextLong());
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> rec : decisions.poll(Duration.ofMillis(100))) {
                    onRecord(rec, r);
                }
                withdrawStaleOps();
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                failedCalls.incrementAndGet();
            }
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> rec, Random r) {
        Event e;
        try {
            e = CODEC.decode(rec.value());
        } catch (BadEventException ex) {
            return;
        }
        switch (e) {
            case OpGranted g when ops.remove(new OpRef(g.inode(), g.op())) != null -> {
                opsGranted.incrementAndGet();
                grantedOps.put(new OpRef(g.inode(), g.op()), System.currentTimeMillis() + 20 + r.nextInt(200));
            }
            case OpRejected j when ops.remove(new OpRef(j.inode(), j.op())) != null -> opsRejected.incrementAndGet();
            default -> { }
        }
    }

    /** Stops the load, finishes granted operations, releases what it still holds where it can. */
    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        decisions.wakeup();
        for (Thread t : threads) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.currentTimeMillis();
        for (OpRef op : grantedOps.keySet()) {
            publish(op.inode().key(), new OpFinished(now, op.op(), op.inode(), OpOutcome.DONE));
        }
        synchronized (held) {
            holders.forEach(Process::destroy);
        }
        producer.close();
        decisions.close(Duration.ofSeconds(2));
    }

    /** One line for the report. */
    String summary() {
        return sealsGranted + " seals granted, " + sealsDenied + " denied, " + releases + " released, " + holderExits
                + " holder processes exited; " + opsRequested + " extent operations requested, " + opsGranted
                + " granted, " + opsRejected + " rejected, " + opsWithdrawn + " withdrawn; " + failedCalls
                + " calls failed during faults (expected)";
    }
}
