package io.daxseal.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon's feed stays bounded, and a reader that fell behind learns how much it missed. */
class EventFeedTest {

    private static final HeldSeal SEAL = new HeldSeal("s1", 1, new Inode("f", 1, 1), new Range(0, 1), SealKind.PIN,
            new ProcessRef(1, 1), 1, 0);

    @Test
    void onlyTheNewestEventsAreKeptAndALateReaderIsToldWhatItMissed() throws Exception {
        EventFeed feed = new EventFeed(3);
        for (int i = 0; i < 5; i++) {
            feed.add("revoked", SEAL, Map.of("reason", "broken"));
        }
        EventFeed.Page fromStart = feed.after(0, 0);
        assertThat(fromStart.events()).extracting(e -> e.get("n")).containsExactly(3L, 4L, 5L);
        assertThat(fromStart.missed()).isEqualTo(2);
        assertThat(fromStart.next()).isEqualTo(5);

        EventFeed.Page upToDate = feed.after(4, 0);
        assertThat(upToDate.events()).extracting(e -> e.get("n")).containsExactly(5L);
        assertThat(upToDate.missed()).isZero();
    }

    @Test
    void aReaderThatIsUpToDateWaitsAndGetsNothing() throws Exception {
        EventFeed feed = new EventFeed(3);
        feed.add("recalled", SEAL, Map.of());
        EventFeed.Page page = feed.after(1, 20);
        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isEqualTo(1);
        assertThat(page.missed()).isZero();
    }
}
