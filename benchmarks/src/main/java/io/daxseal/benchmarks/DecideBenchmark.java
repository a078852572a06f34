package io.daxseal.benchmarks;

import io.daxseal.core.SealMachine;
import io.daxseal.core.sim.Simulator;
import io.daxseal.workload.WorkloadGenerator;
import io.daxseal.events.Input;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How long one thread takes to decide an input on the realistic mix (10,000 agents, 1,000,000
 * inodes; see {@link WorkloadGenerator}), timers included. Each iteration starts from a new
 * machine that has already decided {@link #WARM} inputs (registrations and a standing population
 * of seals), then decides the next {@link #BATCH} inputs once. The score is microseconds per
 * input; inputs per second is 1,000,000 / score.
 *
 * <p>Single-shot on purpose: a throughput mode would call the method again on the same machine
 * and offer it the same inputs, which are then cheap duplicates, and flatter the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class DecideBenchmark {

    static final int WARM = 500_000;
    static final int BATCH = 2_000_000;

    @Param({"10000"})
    int agents;

    @Param({"1000000"})
    int inodes;

    private List<Input> warm;
    private List<Input> batch;
    private Simulator simulator;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void generate() {
        WorkloadGenerator generator = new WorkloadGenerator(new WorkloadGenerator.Config(
                agents, inodes, 42, 1_700_000_000_000L, 10_000, 100));
        warm = generator.take(WARM);
        batch = generator.take(BATCH);
    }

    @Setup(Level.Iteration)
    public void warmUp(Blackhole bh) {
        blackhole = bh;
        simulator = new Simulator(new SealMachine(), Simulator.Sink.of(event -> blackhole.consume(event)));
        warm.forEach(simulator::offer);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decide() {
        for (Input input : batch) {
            simulator.offer(input);
        }
        return simulator.machine().liveSealCount();
    }
}
