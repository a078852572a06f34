package io.daxseal.benchmarks;

import io.daxseal.workload.WorkloadGenerator;
import io.daxseal.events.Event;
import io.daxseal.events.json.BadEventException;
import io.daxseal.events.json.EventCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Decoding and encoding speed of the strict codec on the realistic mix, in events per second. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    static final int N = 10_000;
    private final EventCodec codec = EventCodec.standard();
    private List<? extends Event> events;
    private String[] lines;

    @Setup
    public void setUp() {
        events = new WorkloadGenerator(WorkloadGenerator.Config.realistic(7)).take(N);
        lines = events.stream().map(codec::encode).toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void decode(Blackhole bh) throws BadEventException {
        for (String line : lines) {
            bh.consume(codec.decode(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void encode(Blackhole bh) {
        for (Event e : events) {
            bh.consume(codec.encode(e));
        }
    }
}
