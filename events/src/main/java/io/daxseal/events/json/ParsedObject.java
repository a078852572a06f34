package io.daxseal.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.daxseal.events.Violation;
import java.io.IOException;

/**
 * One JSON object as the decoder needs it: its fields in order, each value a {@link Long}, a
 * {@link String}, a nested {@code ParsedObject} (only one level down), or a {@link Other}
 * describing a value of another JSON type. Built straight from the token stream, without a tree:
 * events have at most a dozen fields, so a linear scan beats hashing.
 */
final class ParsedObject {

    /** A value that is not a whole number, a string, or an object the decoder descends into. */
    record Other(String description) {
        static final Other NULL = new Other("null");
        static final Other TRUE = new Other("true");
        static final Other FALSE = new Other("false");
        static final Other ARRAY = new Other("an array");
        static final Other OBJECT = new Other("an object");
    }

    /** A whole number too large for a long: kept as text for the error message. */
    record BigInteger(String text) {
    }

    private String[] names = new String[12];
    private Object[] values = new Object[12];
    private int size;

    Object get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Reads the object whose START_OBJECT the parser is on. Objects nested deeper than
     * {@code depth} are skipped and recorded as {@link Other#OBJECT}: no event needs them.
     */
    static ParsedObject read(JsonParser p, int depth) throws IOException, BadEventException {
        ParsedObject object = new ParsedObject();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Object value = switch (p.nextToken()) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigInteger(p.getText()) : (Object) p.getLongValue();
                case VALUE_NUMBER_FLOAT -> new Other("the number " + p.getText());
                case VALUE_TRUE -> Other.TRUE;
                case VALUE_FALSE -> Other.FALSE;
                case VALUE_NULL -> Other.NULL;
                case START_ARRAY -> {
                    p.skipChildren();
                    yield Other.ARRAY;
                }
                case START_OBJECT -> {
                    if (depth > 0) {
                        yield read(p, depth - 1);
                    }
                    p.skipChildren();
                    yield Other.OBJECT;
                }
                case null, default -> throw new BadEventException(null, Violation.MALFORMED_JSON,
                        "not a valid JSON object: unexpected token after field '" + name + "'");
            };
            object.put(name, value);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new BadEventException(null, Violation.MALFORMED_JSON, "not a valid JSON object: it is not closed");
        }
        return object;
    }

    private void put(String name, Object value) throws BadEventException {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                // An event with two values for one field is ambiguous: which one did the writer mean?
                throw new BadEventException(null, Violation.MALFORMED_JSON,
                        "not a valid JSON object: Duplicate field '" + name + "'");
            }
        }
        if (size == names.length) {
            names = java.util.Arrays.copyOf(names, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }
}
