package io.daxseal.agent.core;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.core.SealRequest;
import io.daxseal.events.Decision;
import io.daxseal.events.Event;
import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an {@link AgentCore} as its transport would, with a manual clock: {@code sleep(ms)} moves
 * time, every input is stamped with it, and the effects of the last input are kept for assertions.
 */
final class AgentCoreContext {

    static final String AGENT = "host-a";
    static final long TTL = 3000;
    static final long MARGIN = 600;
    static final Inode INODE = new Inode("pmem0", 42, 1);
    static final ProcessRef PROCESS = new ProcessRef(4242, 777);

    final AgentCore core = new AgentCore(AGENT, TTL, MARGIN);
    long now = 1_000_000;
    List<AgentEffect> effects = List.of();
    private int ids;

    /** A core with incarnation {@code inc} live since now. */
    static AgentCoreContext live(long inc) {
        AgentCoreContext c = new AgentCoreContext();
        c.core.beginRegistration(inc);
        if (!c.core.registered(inc, c.now)) {
            throw new AssertionError("registration did not make the agent live");
        }
        return c;
    }

    void sleep(long ms) {
        now += ms;
    }

    SealRef nextRef() {
        return new SealRef(INODE, "s" + (++ids));
    }

    /** Requests a pin of {@code range} and returns its name. */
    SealRef request(Range range) {
        SealRef ref = nextRef();
        effects = core.request(ref, SealRequest.pin(INODE, range, PROCESS), now);
        return ref;
    }

    /** Requests and grants a pin; returns the held seal. */
    HeldSeal hold(Range range, long token) {
        SealRef ref = request(range);
        decide(new SealGranted(now, ref.seal(), AGENT, core.incarnation(), INODE, token));
        return only(AgentEffect.GrantCompleted.class).seal();
    }

    List<AgentEffect> decide(Decision d) {
        effects = core.onDecision(d, now);
        return effects;
    }

    List<AgentEffect> checkLease() {
        effects = core.checkLease(now);
        return effects;
    }

    /** The one effect of the last input of this type. */
    <E extends AgentEffect> E only(Class<E> type) {
        List<E> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + effects);
        }
        return found.get(0);
    }

    <E extends AgentEffect> List<E> all(Class<E> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The events the last input published, in order. */
    List<Event> published() {
        List<Event> events = new ArrayList<>();
        all(AgentEffect.Publish.class).forEach(p -> events.add(p.event()));
        return events;
    }
}
