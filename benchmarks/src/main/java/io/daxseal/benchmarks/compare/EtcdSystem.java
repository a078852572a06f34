package io.daxseal.benchmarks.compare;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * etcd (Debian's {@code etcd-server}, a separate process on 127.0.0.1, fsync on) through jetcd. A
 * claim is a transaction that puts the key with the client's lease if it does not exist; the
 * revision of that put is the fencing token; releasing deletes the key. The lease is kept alive by
 * the client, as a lock holder's is.
 */
final class EtcdSystem implements LockSystem {

    private final Process etcd;
    private final String endpoint;

    private EtcdSystem(Process etcd, String endpoint) {
        this.etcd = etcd;
        this.endpoint = endpoint;
    }

    /** Starts etcd, or says why it cannot ({@code null} and a reason on standard error). */
    /** Where Debian's {@code etcd-server} puts the server. */
    private static final Path BINARY = Path.of("/usr/bin/etcd");

    /** Whether the etcd server is installed. */
    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static EtcdSystem startIfInstalled() throws Exception {
        Path binary = BINARY;
        if (!installed()) {
            System.err.println("etcd: /usr/bin/etcd is not installed (apt-get install etcd-server); etcd is left out");
            return null;
        }
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("cmp-etcd");
        Process p = new ProcessBuilder(binary.toString(), "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls",
                "http://127.0.0.1:" + client, "--listen-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer, "--initial-cluster",
                "default=http://127.0.0.1:" + peer, "--log-level", "error")
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        EtcdSystem system = new EtcdSystem(p, "http://127.0.0.1:" + client);
        try (io.etcd.jetcd.Client c = io.etcd.jetcd.Client.builder().endpoints(system.endpoint).build()) {
            long until = System.currentTimeMillis() + 20_000;
            while (true) {
                try {
                    c.getKVClient().get(bytes("ping")).get(2, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > until || !p.isAlive()) {
                        p.destroyForcibly();
                        throw new IOException("etcd did not start: see " + dir.resolve("etcd.log"), e);
                    }
                    Thread.sleep(200);
                }
            }
        }
        return system;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The etcd server's process, for its CPU time. */
    long pid() {
        return etcd.pid();
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public LockSystem.Client client(int index) throws Exception {
        io.etcd.jetcd.Client c = io.etcd.jetcd.Client.builder().endpoints(endpoint).build();
        long lease = c.getLeaseClient().grant(10).get(5, TimeUnit.SECONDS).getID();
        var keepAlive = c.getLeaseClient().keepAlive(lease, new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.etcd.jetcd.lease.LeaseKeepAliveResponse r) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        KV kv = c.getKVClient();
        ByteSequence key = bytes("/claims/key-" + index);
        ByteSequence value = bytes("client-" + index);
        return new LockSystem.Client() {
            @Override
            public long acquire() throws Exception {
                TxnResponse r = kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                        .Then(Op.put(key, value, PutOption.builder().withLeaseId(lease).build()))
                        .Else(Op.get(key, GetOption.DEFAULT)).commit().get(5, TimeUnit.SECONDS);
                if (!r.isSucceeded()) {
                    throw new IllegalStateException("key " + key + " is held");
                }
                return r.getHeader().getRevision();
            }

            @Override
            public void release() throws Exception {
                kv.delete(key, DeleteOption.DEFAULT).get(5, TimeUnit.SECONDS);
            }

            @Override
            public void close() {
                keepAlive.close();
                c.close();
            }
        };
    }

    @Override
    public void close() {
        etcd.destroy();
        try {
            etcd.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        etcd.destroyForcibly();
    }
}
