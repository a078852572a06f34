package io.daxseal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a URL's raw query ({@code a=1&b=x%20y}) into decoded name/value pairs, the later of a
 * repeated name winning; pairs without a name are skipped. Shared by the agent daemon's API and
 * the coordinator's (which depends on this module), the JDK's HTTP server having no parser.
 */
public final class QueryString {

    private QueryString() {
    }

    /** The pairs of {@code rawQuery} ({@code null}: none), in order. */
    public static Map<String, String> parse(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
