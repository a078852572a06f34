package io.daxseal.events;

import java.util.HashMap;
import java.util.Map;

/** Wire name to constant, per enum type, computed once: decoding looks these up for every event. */
final class WireNames {

    static final ClassValue<Map<String, Object>> BY_TYPE = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> byName = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                byName.put(((WireEnum) constant).wire(), constant);
            }
            return Map.copyOf(byName);
        }
    };

    private WireNames() {
    }
}
