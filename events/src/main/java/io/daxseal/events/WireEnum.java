package io.daxseal.events;

/** An enum constant with a stable name on the wire, independent of the Java constant's name. */
public interface WireEnum {

    /** The value as written in JSON. */
    String wire();

    /**
     * Looks a wire value up among an enum's constants.
     *
     * @return the constant, or {@code null} when the value is not one of them
     */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String wire) {
        return type.cast(WireNames.BY_TYPE.get(type).get(wire));
    }

    /** The accepted wire values, for error messages: {@code map, pin}. */
    static <E extends Enum<E> & WireEnum> String choices(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(constant.wire());
        }
        return sb.toString();
    }
}
