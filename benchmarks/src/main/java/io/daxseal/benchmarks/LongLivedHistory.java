package io.daxseal.benchmarks;

import io.daxseal.events.AgentRegistered;
import io.daxseal.events.Input;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import io.daxseal.events.json.EventCodec;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The long-lived history of the "runs for months" issue: one agent incarnation (ttl 600 s) that
 * pins and releases {@code cycles} times over {@code inodes} inodes, never reusing a seal id; the
 * clock moves 1 ms every 1,000 events, so the lease never runs out. Its live state at the end is one
 * agent and no seal, whatever the length: a protocol v1 coordinator remembered every id, a v2 one
 * forgets them.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.daxseal.benchmarks.LongLivedHistory CYCLES INODES [FILE]}
 * (default 4,000,000 cycles over 1,000 inodes, to standard output): {@code 2 × CYCLES + 1} lines.
 */
public final class LongLivedHistory implements Iterator<Input> {

    private static final long T0 = 1_700_000_000_000L;
    private static final String AGENT = "pmem-long-lived";
    private static final ProcessRef PROCESS = new ProcessRef(4242, 77);

    private final long cycles;
    private final int inodes;
    private long next = -1; // -1: the registration; then 2 events per cycle

    public LongLivedHistory(long cycles, int inodes) {
        this.cycles = cycles;
        this.inodes = inodes;
    }

    @Override
    public boolean hasNext() {
        return next < 2 * cycles;
    }

    @Override
    public Input next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long n = next++;
        if (n < 0) {
            return new AgentRegistered(T0, AGENT, 1, 600_000);
        }
        long cycle = n / 2;
        long at = T0 + n / 1000;
        Inode inode = new Inode("7f3c1a2e-5b6d-4e8f-9a0b-1c2d3e4f5a6b", 1000 + cycle % inodes, 1);
        String seal = "s" + cycle;
        return n % 2 == 0
                ? new SealRequested(at, seal, AGENT, 1, PROCESS, inode, new Range(0, 2L << 20), SealKind.PIN)
                : new SealReleased(at, seal, AGENT, 1, inode, ReleaseReason.UNPIN);
    }

    public static void main(String[] args) throws IOException {
        long cycles = args.length > 0 ? Long.parseLong(args[0]) : 4_000_000;
        int inodes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        EventCodec codec = EventCodec.standard();
        try (OutputStream out = new BufferedOutputStream(args.length > 2 ? new FileOutputStream(args[2]) : System.out,
                1 << 20)) {
            LongLivedHistory history = new LongLivedHistory(cycles, inodes);
            while (history.hasNext()) {
                out.write(codec.encode(history.next()).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }
}
