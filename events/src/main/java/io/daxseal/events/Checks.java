package io.daxseal.events;

/** Range checks shared by the records; each failure names the field and the bound. */
final class Checks {

    /** Agent ids: 1–64 characters of {@code [A-Za-z0-9._-]}. */
    static final String AGENT_PATTERN = "[A-Za-z0-9._-]{1,64}";

    /**
     * Longest id or name accepted for seals, operations, requesters and filesystems. The protocol
     * sets no bound; one is needed so that a single bad event cannot make the coordinator hold
     * megabytes of state.
     */
    static final int MAX_TEXT = 1024;

    private Checks() {
    }

    /** The fields every event of an agent incarnation has: {@code at}, {@code agent}, {@code incarnation}. */
    static void incarnationEvent(long at, String agent, long incarnation) {
        atLeast("at", at, 0);
        agent(agent);
        atLeast("incarnation", incarnation, 1);
    }

    /** The fields every event about one seal has: those of {@link #incarnationEvent}, {@code seal} and {@code inode}. */
    static void sealEvent(long at, String seal, String agent, long incarnation, Inode inode) {
        atLeast("at", at, 0);
        text("seal", seal);
        agent(agent);
        atLeast("incarnation", incarnation, 1);
        present("inode", inode);
    }

    /** The fields every event about one extent operation has: {@code at}, {@code op}, {@code inode}. */
    static void opEvent(long at, String op, Inode inode) {
        atLeast("at", at, 0);
        text("op", op);
        present("inode", inode);
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new InvalidFieldException(field, Violation.OUT_OF_RANGE, "must be >= " + min + " (got " + value + ")");
        }
    }

    static void between(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, Violation.OUT_OF_RANGE,
                    "must be between " + min + " and " + max + " (got " + value + ")");
        }
    }

    static void agent(String agent) {
        if (!isAgentId(agent)) {
            throw new InvalidFieldException("agent", Violation.OUT_OF_RANGE,
                    "must be 1-64 characters of [A-Za-z0-9._-] (got " + quote(agent) + ")");
        }
    }

    /**
     * {@link #AGENT_PATTERN} by hand: every record the coordinator builds checks its agent id, and
     * a regex there costs a few percent of the state machine's throughput.
     */
    static boolean isAgentId(String agent) {
        if (agent == null || agent.isEmpty() || agent.length() > 64) {
            return false;
        }
        for (int i = 0; i < agent.length(); i++) {
            char c = agent.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static void text(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, Violation.OUT_OF_RANGE, "must be a non-empty string");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, Violation.OUT_OF_RANGE,
                    "must be at most " + MAX_TEXT + " characters (got " + value.length() + ")");
        }
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, Violation.MISSING, "is required");
        }
        return value;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
}
