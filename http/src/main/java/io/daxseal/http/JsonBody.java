package io.daxseal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.daxseal.events.WireEnum;

/**
 * A request's JSON object, read strictly: every accessor names the field in its error, integers
 * must be whole numbers that fit their range (a number never wraps: {@code 2^64+4096} is refused,
 * not read as 4096), and text must be text.
 */
public final class JsonBody {

    private final JsonNode node;

    JsonBody(JsonNode node) {
        this.node = node;
    }

    /** Whether the field is present and not {@code null}. */
    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    public String requiredText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw HttpApiException.badRequest(field, "'" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw HttpApiException.badRequest(field, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    /** The text, or {@code null} when absent. */
    public String optionalText(String field) {
        return has(field) ? requiredText(field) : null;
    }

    /** A 64-bit integer. */
    public long requiredLong(String field) {
        return requiredLong(field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** An integer in {@code min..max}. */
    public long requiredLong(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw HttpApiException.badRequest(field, "'" + field + "' is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw HttpApiException.badRequest(field, "'" + field + "' must be an integer in " + range(min, max)
                    + ", was " + v);
        }
        long value = v.asLong();
        if (value < min || value > max) {
            throw HttpApiException.badRequest(field, "'" + field + "' is " + value + ", outside " + range(min, max));
        }
        return value;
    }

    /** An integer in {@code min..max}, or {@code dflt} when absent. */
    public long optionalLong(String field, long dflt, long min, long max) {
        return has(field) ? requiredLong(field, min, max) : dflt;
    }

    /** One of a protocol enum's wire names. */
    public <E extends Enum<E> & WireEnum> E requiredEnum(String field, Class<E> type) {
        String text = requiredText(field);
        E value = WireEnum.fromWire(type, text);
        if (value == null) {
            throw HttpApiException.badRequest(field, "'" + field + "' is '" + text + "'; one of: " + WireEnum.choices(type));
        }
        return value;
    }

    /** One of a protocol enum's wire names, or {@code dflt} when absent. */
    public <E extends Enum<E> & WireEnum> E optionalEnum(String field, Class<E> type, E dflt) {
        return has(field) ? requiredEnum(field, type) : dflt;
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "the 64-bit range";
        }
        return min + ".." + max;
    }
}
