package io.daxseal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The interval index agrees with a plain list scan, through inserts and removes. */
class IntervalIndexTest {

    record Iv(long start, long end, long id) {
    }

    @Property(tries = 300)
    void overlapQueriesMatchANaiveScan(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 200) Integer> starts,
            @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 50) Integer> lengths,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 59) Integer> removals,
            @ForAll @IntRange(min = 0, max = 260) int from,
            @ForAll @IntRange(min = 1, max = 80) int width) {
        IntervalIndex<Iv> index = new IntervalIndex<>();
        List<Iv> naive = new ArrayList<>();
        int n = Math.min(starts.size(), lengths.size());
        for (int i = 0; i < n; i++) {
            Iv iv = new Iv(starts.get(i), starts.get(i) + lengths.get(i), i);
            index.insert(iv.start, iv.end, iv.id, iv);
            naive.add(iv);
        }
        for (int r : removals) {
            Iv victim = naive.stream().filter(iv -> iv.id == r).findFirst().orElse(null);
            assertThat(index.remove(r < n ? starts.get(r) : 0, r)).isEqualTo(victim != null);
            naive.remove(victim);
        }
        List<Iv> found = new ArrayList<>();
        index.forEachOverlapping(from, from + width, found::add);
        List<Iv> expected = naive.stream().filter(iv -> iv.start < from + width && iv.end > from)
                .sorted((a, b) -> a.start != b.start ? Long.compare(a.start, b.start) : Long.compare(a.id, b.id))
                .toList();
        assertThat(found).isEqualTo(expected);
        assertThat(index.size()).isEqualTo(naive.size());
    }
}
