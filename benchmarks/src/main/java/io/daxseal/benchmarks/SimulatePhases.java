package io.daxseal.benchmarks;

import io.daxseal.core.SealMachine;
import io.daxseal.core.sim.LogReader;
import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import io.daxseal.events.json.EventCodec;
import io.daxseal.events.json.JsonlWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code simulate}'s time goes: reads a file, then times each phase on its own (read and
 * decode; decide; encode and write the decided log to a null sink). Run twice in one JVM, the
 * second run warm. Usage: {@code java -cp benchmarks.jar io.daxseal.benchmarks.SimulatePhases FILE}
 */
public final class SimulatePhases {

    private SimulatePhases() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        for (int round = 1; round <= 2; round++) {
            long t0 = System.nanoTime();
            List<Input> inputs = new ArrayList<>();
            List<byte[]> texts = new ArrayList<>();
            try (LogReader reader = LogReader.open(file, EventCodec.standard())) {
                LogReader.Line line;
                while ((line = reader.next()) != null) {
                    if (line.event() instanceof Input input) {
                        inputs.add(input);
                        texts.add(line.bytes());
                    }
                }
            }
            long t1 = System.nanoTime();
            List<Event> log = new ArrayList<>(inputs.size() * 2);
            Simulator sim = new Simulator(new SealMachine(), Simulator.Sink.of(log::add));
            inputs.forEach(sim::offer);
            long t2 = System.nanoTime();
            java.io.OutputStream sink = new java.io.BufferedOutputStream(java.io.OutputStream.nullOutputStream(), 1 << 16);
            int next = 0;
            try (JsonlWriter w = EventCodec.standard().newJsonlWriter(sink)) {
                for (Event e : log) {
                    if (e instanceof Input) {
                        w.writeLine(texts.get(next++));
                    } else {
                        w.write(e);
                    }
                }
            }
            long t3 = System.nanoTime();
            if (args.length > 1) {
                List<Input> generated = new io.daxseal.workload.WorkloadGenerator(
                        new io.daxseal.workload.WorkloadGenerator.Config(10_000, 1_000_000, 42,
                                1_700_000_000_000L, 10_000, 100)).take(inputs.size());
                System.out.println("same inputs as the file: " + generated.equals(inputs));
                Simulator sim2 = new Simulator(new SealMachine(), Simulator.Sink.of(event -> { }));
                long g0 = System.nanoTime();
                generated.forEach(sim2::offer);
                long g1 = System.nanoTime();
                System.out.printf("decide generated objects: %.2f us/line%n", (g1 - g0) / (double) inputs.size() / 1e3);
            }
            double n = inputs.size();
            System.out.printf("round %d, %,d lines: read+decode %.2f us/line, decide %.2f us/line, write %.2f us/line%n",
                    round, inputs.size(), (t1 - t0) / n / 1e3, (t2 - t1) / n / 1e3, (t3 - t2) / n / 1e3);
        }
    }
}
