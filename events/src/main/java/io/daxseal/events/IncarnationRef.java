package io.daxseal.events;

import java.util.Objects;

/** Names one incarnation of one agent. Printed {@code agent#incarnation}, as in logs and reports. */
public record IncarnationRef(String agent, long incarnation) {

    public IncarnationRef {
        Objects.requireNonNull(agent, "agent");
    }

    /** The incarnation an incarnation-scoped event is about. */
    public static IncarnationRef of(IncarnationScoped e) {
        return new IncarnationRef(e.agent(), e.incarnation());
    }

    @Override
    public String toString() {
        return agent + "#" + incarnation;
    }
}
