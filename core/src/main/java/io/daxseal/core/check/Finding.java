package io.daxseal.core.check;

import java.util.List;

/**
 * One violation of a safety property.
 *
 * @param property {@code S1}..{@code S6}
 * @param message what is wrong, in words
 * @param places the records involved: {@code topic-partition@offset}, {@code line N}, or a record file and line
 */
public record Finding(String property, String message, List<String> places) {

    @Override
    public String toString() {
        return property + ": " + message + (places.isEmpty() ? "" : " [" + String.join(", ", places) + "]");
    }
}
