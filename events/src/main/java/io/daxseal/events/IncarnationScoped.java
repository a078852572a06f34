package io.daxseal.events;

/** An event about one incarnation of one agent. */
public interface IncarnationScoped {

    String agent();

    long incarnation();
}
