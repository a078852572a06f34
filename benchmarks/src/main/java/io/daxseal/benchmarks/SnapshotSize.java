package io.daxseal.benchmarks;

import io.daxseal.core.MachineImage;
import io.daxseal.core.Partitioning;
import io.daxseal.core.SealMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Size of a snapshot image of N live seals (default 1,000,000 over 100,000 inodes from 10,000
 * agents), and the time to encode and to decode it (median of 5, after 2 warm-up rounds). Encoding
 * runs on the coordinator's snapshot thread, never on its decide loop; decoding is most of a
 * restart. Also the gzip size, for comparison with Kafka's compression.
 *
 * <p>Usage: {@code java -Xmx2g -cp benchmarks.jar io.daxseal.benchmarks.SnapshotSize [seals] [inodes] [agents]}
 */
public final class SnapshotSize {

    private SnapshotSize() {
    }

    public static void main(String[] args) throws IOException {
        int seals = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int inodes = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Partitioning eight = new Partitioning() {
            @Override
            public int partitions() {
                return 8;
            }

            @Override
            public int partitionOf(io.daxseal.events.Inode inode) {
                return (int) (inode.ino() & 7);
            }
        };
        SealMachine machine = LiveState.build(seals, inodes, agents, eight);
        byte[] image = null;
        long[] encode = new long[7];
        long[] decode = new long[7];
        for (int round = 0; round < encode.length; round++) {
            long t = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
            MachineImage.write(machine, out);
            image = out.toByteArray();
            encode[round] = System.nanoTime() - t;
            t = System.nanoTime();
            SealMachine back = MachineImage.read(new ByteArrayInputStream(image), eight);
            decode[round] = System.nanoTime() - t;
            if (back.liveSealCount() != seals) {
                throw new IllegalStateException("decoded " + back.liveSealCount() + " seals");
            }
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(image);
        }
        System.out.printf("live seals: %,d over %,d inodes from %,d agents%n", seals, inodes, agents);
        System.out.printf("image: %,d bytes (%.1f MiB, %d bytes per seal); gzip %.1f MiB%n", image.length,
                image.length / 1048576.0, image.length / seals, gz.size() / 1048576.0);
        System.out.printf("encode: median %d ms (%s); decode: median %d ms (%s)%n", median(encode), ms(encode),
                median(decode), ms(decode));
    }

    private static long median(long[] nanos) {
        long[] warm = Arrays.copyOfRange(nanos, 2, nanos.length);
        Arrays.sort(warm);
        return warm[warm.length / 2] / 1_000_000;
    }

    private static String ms(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> Long.toString(n / 1_000_000)).reduce((a, b) -> a + ", " + b)
                .orElse("") + " ms";
    }
}
