package io.daxseal.events;

/** {@code process.exited}: a holder process ended; all its seals are released. */
public record ProcessExited(long at, String agent, long incarnation, ProcessRef process) implements Input, IncarnationScoped {

    public ProcessExited {
        Checks.incarnationEvent(at, agent, incarnation);
        Checks.present("process", process);
    }

    @Override
    public EventType type() {
        return EventType.PROCESS_EXITED;
    }
}
