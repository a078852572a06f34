package io.daxseal.events.json;

import io.daxseal.events.*;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of arbitrary valid events, boundaries included. */
final class EventArbitraries {

    private EventArbitraries() {
    }

    static Arbitrary<Long> at() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).edgeCases(c -> c.add(0L, Long.MAX_VALUE));
    }

    static Arbitrary<String> agent() {
        return Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(64);
    }

    static Arbitrary<String> id() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    static Arbitrary<Long> incarnation() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE);
    }

    static Arbitrary<Inode> inode() {
        return Combinators.combine(id(), Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs().greaterOrEqual(0))
                .as(Inode::new);
    }

    static Arbitrary<ProcessRef> process() {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(1), Arbitraries.longs().greaterOrEqual(0))
                .as(ProcessRef::new);
    }

    static Arbitrary<Range> range() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE - 1).flatMap(offset ->
                Arbitraries.longs().between(1, Long.MAX_VALUE - offset).map(length -> new Range(offset, length)));
    }

    static Arbitrary<Event> event() {
        return Arbitraries.oneOf(
                Combinators.combine(at(), agent(), incarnation(), Arbitraries.longs().between(500, 600_000))
                        .as(AgentRegistered::new),
                Combinators.combine(at(), agent(), incarnation(), Arbitraries.longs().greaterOrEqual(0))
                        .as(AgentHeartbeat::new),
                Combinators.combine(at(), agent(), incarnation()).as(AgentLeft::new),
                Combinators.combine(at(), agent(), incarnation(), process()).as(ProcessExited::new),
                Combinators.combine(at(), id(), agent(), incarnation(), process(), inode(), range(),
                        Arbitraries.of(SealKind.class)).as(SealRequested::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), Arbitraries.of(ReleaseReason.class))
                        .as(SealReleased::new),
                Combinators.combine(at(), id(), inode(), range(), Arbitraries.of(OpKind.class), Arbitraries.of(OpPolicy.class),
                        Arbitraries.longs().between(0, 600_000), id()).as(OpRequested::new),
                Combinators.combine(at(), id(), inode(), Arbitraries.of(OpOutcome.class)).as(OpFinished::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), Arbitraries.longs().greaterOrEqual(1))
                        .as(SealGranted::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), Arbitraries.of(DenyReason.class))
                        .as(SealDenied::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), id(), Arbitraries.longs().greaterOrEqual(0))
                        .as(SealRecalled::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), Arbitraries.of(BreakCause.class))
                        .as(SealBroken::new),
                Combinators.combine(at(), id(), agent(), incarnation(), inode(), Arbitraries.of(DropCause.class))
                        .as(SealDropped::new),
                Combinators.combine(at(), id(), inode()).as(OpGranted::new),
                Combinators.combine(at(), id(), inode(), Arbitraries.of(RejectReason.class)).as(OpRejected::new),
                Combinators.combine(at(), agent(), incarnation(), Arbitraries.longs().greaterOrEqual(0))
                        .as(AgentExpired::new),
                Combinators.combine(at(), agent(), incarnation(), Arbitraries.of(FenceCause.class)).as(AgentFenced::new));
    }
}
