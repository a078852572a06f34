package io.daxseal.agent.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.daxseal.agent.AgentRecorder;
import io.daxseal.agent.core.HeldSeal;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-lines file of {@link LocalRecord}s, appended to by one process and read by the checker.
 * Each line is written with one {@code write} call and no buffering in this process, so a
 * {@code kill -9} loses at most the line being written, never one already written; the reader
 * tolerates such a torn last line and reports it.
 *
 * <pre>
 * {"record":"started","source":"a1","pid":4242,"at":1700000000000}
 * {"record":"registered","agent":"a1","incarnation":1700000000100,"at":1700000000100}
 * {"record":"acked","source":"a1","topic":"daxseal.agent-log","partition":2,"offset":17,"event":"{...}"}
 * {"record":"revoked","agent":"a1","incarnation":...,"cause":"lease-in-doubt","deadline":...,"at":...,"seals":["fs:1:0/s3"]}
 * </pre>
 */
public final class LocalRecordFile implements AgentRecorder, Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final OutputStream out;

    private LocalRecordFile(String source, OutputStream out) {
        this.source = source;
        this.out = out;
    }

    /** Opens {@code file} for appending (creating it and its directory) and writes a {@code started} line. */
    public static LocalRecordFile open(Path file, String source, InstantSource clock) throws IOException {
        OutputStream out;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open the local record file " + file + " for appending ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a writable path", e);
        }
        LocalRecordFile f = new LocalRecordFile(source, out);
        ObjectNode n = f.line("started");
        n.put("source", source);
        n.put("pid", ProcessHandle.current().pid());
        n.put("at", clock.millis());
        f.write(n);
        return f;
    }

    @Override
    public void registered(String agent, long incarnation, long at) {
        ObjectNode n = line("registered");
        n.put("agent", agent);
        n.put("incarnation", incarnation);
        n.put("at", at);
        write(n);
    }

    @Override
    public void acknowledged(String topic, int partition, long offset, byte[] value) {
        ObjectNode n = line("acked");
        n.put("source", source);
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("event", new String(value, StandardCharsets.UTF_8));
        write(n);
    }

    @Override
    public void revoked(String agent, long incarnation, String cause, long deadline, long at, List<HeldSeal> seals) {
        ObjectNode n = line("revoked");
        n.put("agent", agent);
        n.put("incarnation", incarnation);
        n.put("cause", cause);
        n.put("deadline", deadline);
        n.put("at", at);
        seals.forEach(s -> n.withArray("seals").add(s.name()));
        if (seals.isEmpty()) {
            n.putArray("seals");
        }
        write(n);
    }

    private static ObjectNode line(String kind) {
        ObjectNode n = JSON.createObjectNode();
        n.put("record", kind);
        return n;
    }

    private void write(ObjectNode n) {
        try {
            byte[] bytes = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the local record file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** What {@link #read} found. {@code problems} names unreadable lines (a torn last line after a kill). */
    public record Contents(Path file, List<LocalRecord> records, List<String> problems) {
    }

    /** Reads a record file; unreadable lines are reported in {@link Contents#problems()}, never thrown. */
    public static Contents read(Path file) throws IOException {
        List<LocalRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long lineNo = 0;
            while ((text = r.readLine()) != null) {
                lineNo++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    records.add(parse(JSON.readTree(text)));
                } catch (IOException | RuntimeException e) {
                    problems.add(file + ":" + lineNo + ": " + e.getMessage());
                }
            }
        }
        return new Contents(file, records, problems);
    }

    private static LocalRecord parse(JsonNode n) {
        String kind = req(n, "record").asText();
        return switch (kind) {
            case "started" -> new LocalRecord.Started(req(n, "source").asText(), req(n, "pid").asLong(), req(n, "at").asLong());
            case "registered" -> new LocalRecord.Registered(req(n, "agent").asText(), req(n, "incarnation").asLong(),
                    req(n, "at").asLong());
            case "acked" -> new LocalRecord.Acked(req(n, "source").asText(), req(n, "topic").asText(),
                    req(n, "partition").asInt(), req(n, "offset").asLong(), req(n, "event").asText());
            case "revoked" -> {
                List<String> seals = new ArrayList<>();
                req(n, "seals").forEach(s -> seals.add(s.asText()));
                yield new LocalRecord.Revoked(req(n, "agent").asText(), req(n, "incarnation").asLong(),
                        req(n, "cause").asText(), req(n, "deadline").asLong(), req(n, "at").asLong(), seals);
            }
            default -> throw new IllegalArgumentException("unknown record kind '" + kind + "'");
        };
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return v;
    }
}
