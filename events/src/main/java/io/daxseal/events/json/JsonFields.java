package io.daxseal.events.json;

import io.daxseal.events.Inode;
import io.daxseal.events.InvalidFieldException;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.Violation;
import io.daxseal.events.WireEnum;
import java.util.function.Supplier;

/**
 * Typed, strict access to the fields of one JSON object, reporting every problem with the field's
 * full path. Ranges and patterns are checked by the records themselves; this class checks
 * presence and JSON types, and translates the records' {@link InvalidFieldException}s into
 * {@link BadEventException}s with the path prefixed.
 */
final class JsonFields {

    private final ParsedObject object;
    private final String prefix;

    JsonFields(ParsedObject object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private Object required(String name) throws BadEventException {
        Object node = object.get(name);
        if (node == null) {
            throw new BadEventException(path(name), Violation.MISSING, "missing required field '" + path(name) + "'");
        }
        return node;
    }

    boolean has(String name) {
        return object.get(name) != null;
    }

    long integer(String name) throws BadEventException {
        Object node = required(name);
        if (node instanceof Long value) {
            return value;
        }
        if (node instanceof ParsedObject.BigInteger big) {
            throw new BadEventException(path(name), Violation.OUT_OF_RANGE,
                    "field '" + path(name) + "' is out of range: " + big.text() + " does not fit a signed 64-bit long");
        }
        throw wrongType(name, "a whole number", node);
    }

    int int32(String name) throws BadEventException {
        long value = integer(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new BadEventException(path(name), Violation.OUT_OF_RANGE,
                    "field '" + path(name) + "' is out of range: " + value + " does not fit a 32-bit int");
        }
        return (int) value;
    }

    String text(String name) throws BadEventException {
        Object node = required(name);
        if (node instanceof String text) {
            return text;
        }
        throw wrongType(name, "a string", node);
    }

    <E extends Enum<E> & WireEnum> E choice(String name, Class<E> type) throws BadEventException {
        String wire = text(name);
        E value = WireEnum.fromWire(type, wire);
        if (value == null) {
            throw new BadEventException(path(name), Violation.UNKNOWN_VALUE,
                    "field '" + path(name) + "' has an unknown value '" + abbreviate(wire)
                            + "' (expected one of: " + WireEnum.choices(type) + ")");
        }
        return value;
    }

    JsonFields object(String name) throws BadEventException {
        Object node = required(name);
        if (node instanceof ParsedObject nested) {
            return new JsonFields(nested, path(name));
        }
        throw wrongType(name, "an object", node);
    }

    ProcessRef process(String name) throws BadEventException {
        JsonFields f = object(name);
        int pid = f.int32("pid");
        long start = f.integer("start");
        return f.build(() -> new ProcessRef(pid, start));
    }

    Inode inode(String name) throws BadEventException {
        JsonFields f = object(name);
        String fs = FilesystemIds.canonical(f.text("fs"));
        long ino = f.integer("ino");
        long gen = f.integer("gen");
        return f.build(() -> new Inode(fs, ino, gen));
    }

    /** A range whose length is required (seals). */
    Range range(String name) throws BadEventException {
        JsonFields f = object(name);
        long offset = f.integer("offset");
        long length = f.integer("length");
        return f.build(() -> new Range(offset, length));
    }

    /** A range whose length may be omitted, meaning "to the end of the file" (extent operations). */
    Range rangeOrToEnd(String name) throws BadEventException {
        JsonFields f = object(name);
        long offset = f.integer("offset");
        if (!f.has("length")) {
            return f.build(() -> Range.toEndOfFile(offset));
        }
        long length = f.integer("length");
        return f.build(() -> new Range(offset, length));
    }

    /**
     * Runs a record constructor, reporting its {@link InvalidFieldException} against this object's
     * path.
     */
    <T> T build(Supplier<T> constructor) throws BadEventException {
        try {
            return constructor.get();
        } catch (InvalidFieldException e) {
            String field = path(e.field());
            String message = switch (e.violation()) {
                case MISSING -> "missing required field '" + field + "'";
                case OVERFLOW -> "field '" + field + "' overflows: " + e.detail();
                default -> "field '" + field + "' is out of range: " + e.detail();
            };
            throw new BadEventException(field, e.violation(), message);
        }
    }

    private BadEventException wrongType(String name, String expected, Object actual) {
        return new BadEventException(path(name), Violation.WRONG_TYPE,
                "field '" + path(name) + "' has the wrong type: expected " + expected + ", got " + describe(actual));
    }

    static String describe(Object value) {
        return switch (value) {
            case String text -> "the string \"" + abbreviate(text) + "\"";
            case Long number -> "the number " + number;
            case ParsedObject.BigInteger big -> "the number " + big.text();
            case ParsedObject.Other other -> other.description();
            case ParsedObject object -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
