package io.daxseal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.core.sim.Simulator;
import io.daxseal.events.Event;
import io.daxseal.events.Input;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * S4 across a snapshot: a machine read from the image of another, taken at any point of a decided
 * log, has the same state, and decides everything after that point exactly as the original does;
 * replaying the rest of the log into it gives the state that replaying the whole log gives.
 */
class MachineImageProperties {

    private static final Partitioning THREE = RandomInputs.THREE_PARTITIONS;

    static byte[] image(SealMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MachineImage.write(machine, out);
        return out.toByteArray();
    }

    static SealMachine read(byte[] image) throws IOException {
        return MachineImage.read(new ByteArrayInputStream(image), THREE);
    }

    @Property(tries = 400)
    void aMachineReadFromAnImageDecidesTheRestAsTheOriginalDoes(
            @ForAll @Size(min = 1, max = 250) List<Integer> codes, @ForAll @IntRange(min = 0, max = 250) int cut)
            throws IOException {
        List<Input> inputs = RandomInputs.decode(codes);
        int at = Math.min(cut, inputs.size());
        List<Event> original = new ArrayList<>();
        Simulator a = new Simulator(new SealMachine(THREE), Simulator.Sink.of(original::add));
        inputs.subList(0, at).forEach(a::offer);

        SealMachine restored = read(image(a.machine()));
        assertThat(restored.digest()).isEqualTo(a.machine().digest());
        assertThat(restored.snapshot()).isEqualTo(a.machine().snapshot());
        assertThat(restored.pendingTimers()).isEqualTo(a.machine().pendingTimers());
        assertThat(restored.footprint()).isEqualTo(a.machine().footprint());
        Statistics.collect(a.machine().liveSealCount() > 0 ? "live seals in the image" : "no live seal");

        int before = original.size();
        List<Event> continued = new ArrayList<>();
        Simulator b = new Simulator(restored, Simulator.Sink.of(continued::add));
        for (Input input : inputs.subList(at, inputs.size())) {
            a.offer(input);
            b.offer(input);
        }
        a.advanceTo(a.machine().clock() + 700_000);
        b.advanceTo(b.machine().clock() + 700_000);
        assertThat(continued).isEqualTo(original.subList(before, original.size()));
        assertThat(b.machine().digest()).isEqualTo(a.machine().digest());
    }

    @Property(tries = 200)
    void loadingAnImageAndReplayingTheRestEqualsReplayingEverything(
            @ForAll @Size(min = 1, max = 250) List<Integer> codes, @ForAll @IntRange(min = 0, max = 400) int cut)
            throws Exception {
        List<Event> log = new ArrayList<>();
        Simulator sim = new Simulator(new SealMachine(THREE), Simulator.Sink.of(log::add));
        RandomInputs.decode(codes).forEach(sim::offer);
        sim.advanceTo(sim.machine().clock() + 10_000);

        int at = Math.min(cut, log.size());
        SealMachine head = new SealMachine(THREE);
        for (Event e : log.subList(0, at)) {
            head.replay(e);
        }
        SealMachine fromImage = read(image(head));
        SealMachine whole = new SealMachine(THREE);
        for (Event e : log) {
            whole.replay(e);
        }
        for (Event e : log.subList(at, log.size())) {
            fromImage.replay(e);
        }
        assertThat(fromImage.digest()).isEqualTo(whole.digest());
        assertThat(fromImage.snapshot()).isEqualTo(whole.snapshot());
    }

    @Example
    void damagedImagesAreRefusedWithTheReason() throws IOException {
        SealMachine m = new SealMachine(THREE);
        Simulator sim = new Simulator(m, Simulator.Sink.of(e -> { }));
        RandomInputs.decode(List.of(7, 0, 1, 187, 54, 1955, 3, 3, 9)).forEach(sim::offer);
        byte[] good = image(m);
        assertThat(read(good).digest()).isEqualTo(m.digest());

        byte[] magic = good.clone();
        magic[0] ^= 1;
        assertThatThrownBy(() -> read(magic)).isInstanceOf(IOException.class).hasMessageContaining("wrong magic");
        byte[] version = good.clone();
        version[7] = 9;
        assertThatThrownBy(() -> read(version)).hasMessageContaining("format 9 is not supported");
        assertThatThrownBy(() -> read(Arrays.copyOf(good, good.length - 3))).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> read(longer)).hasMessageContaining("bytes after its end");
        assertThatThrownBy(() -> MachineImage.read(new ByteArrayInputStream(good), Partitioning.SINGLE))
                .hasMessageContaining("partition count must never change");
    }
}
