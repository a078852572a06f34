package io.daxseal.core;

/** Where an agent incarnation is in its life. Only {@link #LIVE} may hold or get seals. */
public enum IncarnationStatus implements io.daxseal.events.WireEnum {
    /** Registered, lease current. */
    LIVE,
    /** Its lease ran out ({@code agent.expired}). */
    EXPIRED,
    /** Fenced after a seal of it was broken on a recall timeout ({@code agent.fenced{recall-timeout}}). */
    FENCED,
    /** A higher incarnation of the same agent registered ({@code agent.fenced{replaced}}). */
    REPLACED,
    /** It shut down gracefully ({@code agent.left}). */
    LEFT;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
