package io.daxseal.events;

/**
 * The stable wire name of every event type of protocol v2, who writes it, and which log holds it.
 * The names are the contract; never rename one.
 */
public enum EventType implements WireEnum {
    AGENT_REGISTERED("agent.registered", Writer.AGENT, Log.AGENT),
    AGENT_HEARTBEAT("agent.heartbeat", Writer.AGENT, Log.AGENT),
    AGENT_LEFT("agent.left", Writer.AGENT, Log.AGENT),
    PROCESS_EXITED("process.exited", Writer.AGENT, Log.AGENT),
    SEAL_REQUESTED("seal.requested", Writer.AGENT, Log.INODE),
    SEAL_RELEASED("seal.released", Writer.AGENT, Log.INODE),
    OP_REQUESTED("op.requested", Writer.REQUESTER, Log.INODE),
    OP_FINISHED("op.finished", Writer.REQUESTER, Log.INODE),
    SEAL_GRANTED("seal.granted", Writer.COORDINATOR, Log.INODE),
    SEAL_DENIED("seal.denied", Writer.COORDINATOR, Log.INODE),
    SEAL_RECALLED("seal.recalled", Writer.COORDINATOR, Log.INODE),
    SEAL_BROKEN("seal.broken", Writer.COORDINATOR, Log.INODE),
    SEAL_DROPPED("seal.dropped", Writer.COORDINATOR, Log.INODE),
    OP_GRANTED("op.granted", Writer.COORDINATOR, Log.INODE),
    OP_REJECTED("op.rejected", Writer.COORDINATOR, Log.INODE),
    AGENT_EXPIRED("agent.expired", Writer.COORDINATOR, Log.AGENT),
    AGENT_FENCED("agent.fenced", Writer.COORDINATOR, Log.AGENT);

    /** Who writes events of a type. */
    public enum Writer { AGENT, REQUESTER, COORDINATOR }

    /** Which log (Kafka topic) holds events of a type. */
    public enum Log { INODE, AGENT }

    private final String wire;
    private final Writer writer;
    private final Log log;

    EventType(String wire, Writer writer, Log log) {
        this.wire = wire;
        this.writer = writer;
        this.log = log;
    }

    @Override
    public String wire() {
        return wire;
    }

    public Writer writer() {
        return writer;
    }

    public Log log() {
        return log;
    }

    /** Whether the coordinator writes this type (a decision) rather than reads it (an input). */
    public boolean isDecision() {
        return writer == Writer.COORDINATOR;
    }

    @Override
    public String toString() {
        return wire;
    }
}
