package org.deploypolicy.rules;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A team's own named values, read by a rule by a literal name and the type it wants: the policy's {@code params}
 * ({@code Deployment( params.whole("maxChangedServices") < 3 )}) and a request's {@code attributes}
 * ({@code Deployment( attributes.text("tier") == "gold" )}).
 *
 * <p>A value is a whole number ({@code long}), another number ({@link BigDecimal}), a text, a boolean, or a list of
 * those. Asking for a name that has no value, or for a type the value is not, throws: the evaluation then fails
 * naming the rule, never decides. For {@code params}, the policy's build finds both mistakes first, at the rule's
 * line. An attribute a request may leave out is asked about with {@link #has} before it is read.
 */
public final class Values {
    /** No params. */
    public static final Values NONE = new Values("params", Map.of());
    /** No attributes. */
    public static final Values NO_ATTRIBUTES = new Values("attributes", Map.of());

    private final String what;
    private final Map<String, Object> values;

    /**
     * @param what   what they are, for messages: {@code params} or {@code attributes}
     * @param values name to value: {@code Long}, {@code BigDecimal}, {@code String}, {@code Boolean}, or a list of
     *               those
     */
    public Values(String what, Map<String, ?> values) {
        this.what = what;
        Map<String, Object> held = new LinkedHashMap<>();
        values.forEach((name, value) -> held.put(name, held(what + "." + name, value, true)));
        this.values = Collections.unmodifiableMap(held);
    }

    /**
     * A value as this class holds it: a whole number (of any Java number type, or a {@code BigDecimal} without a
     * fraction) as {@code Long}, another number as {@code BigDecimal}, a list's items likewise.
     *
     * @throws IllegalArgumentException naming the value when it is null or of no type a value may have
     */
    private static Object held(String name, Object value, boolean listAllowed) {
        if (value instanceof Long || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        BigDecimal number = value instanceof BigDecimal decimal ? decimal
                : value instanceof java.math.BigInteger whole ? new BigDecimal(whole)
                : value instanceof Double || value instanceof Float ? decimal(name, ((Number) value).doubleValue())
                : null;
        if (number != null) {
            BigDecimal plain = number.stripTrailingZeros();
            if (plain.scale() <= 0) {
                try {
                    return plain.longValueExact();
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException(name + " must be a whole number within +-9223372036854775807"
                            + "; was " + number.toPlainString());
                }
            }
            return plain;
        }
        if (value instanceof List<?> list && listAllowed) {
            List<Object> items = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(held(name + "[" + i + "]", list.get(i), false));
            }
            return List.copyOf(items);
        }
        throw new IllegalArgumentException(name + " must be a number, a text, true or false"
                + (listAllowed ? ", or a list of those" : "") + "; was " + (value == null ? "null"
                : value instanceof List ? "a list" : "a " + value.getClass().getName()));
    }

    private static BigDecimal decimal(String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number; was " + value);
        }
        return BigDecimal.valueOf(value);
    }

    /** The values by name, in the order they were given. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether there is a value of that name. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The names that have values, in the order they were given. */
    public Set<String> names() {
        return values.keySet();
    }

    /** A whole number. */
    public long whole(String name) {
        return value(name, Long.class, "a whole number", "whole");
    }

    /** A number, whole or not. */
    public BigDecimal number(String name) {
        Object value = get(name);
        if (value instanceof Long whole) {
            return BigDecimal.valueOf(whole);
        }
        if (value instanceof BigDecimal number) {
            return number;
        }
        throw wrongType(name, value, "a number", "number");
    }

    /** A text. */
    public String text(String name) {
        return value(name, String.class, "a text", "text");
    }

    /** A boolean. */
    public boolean flag(String name) {
        return value(name, Boolean.class, "true or false", "flag");
    }

    /** A list (of whole numbers as {@code Long}, other numbers as {@code BigDecimal}, texts, booleans). */
    public List<?> list(String name) {
        return value(name, List.class, "a list", "list");
    }

    /** The value as it is, of whichever type. */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(what + "." + name + " has no value"
                    + (values.isEmpty() ? "; there are none" : "; there are " + String.join(", ", values.keySet()))
                    + (what.equals("attributes") ? " (ask attributes.has(\"" + name + "\") first)" : ""));
        }
        return value;
    }

    private <T> T value(String name, Class<T> type, String expected, String reader) {
        Object value = get(name);
        if (!type.isInstance(value)) {
            throw wrongType(name, value, expected, reader);
        }
        return type.cast(value);
    }

    private IllegalArgumentException wrongType(String name, Object value, String expected, String reader) {
        return new IllegalArgumentException(what + "." + name + " is " + typeOf(value) + " (" + value + "), not "
                + expected + "; " + reader + "(...) cannot read it, " + readerOf(value) + "(...) can");
    }

    /** What a value is, in words. */
    public static String typeOf(Object value) {
        return value instanceof Long ? "a whole number"
                : value instanceof BigDecimal ? "a number with a fraction"
                : value instanceof String ? "a text"
                : value instanceof Boolean ? "a boolean"
                : "a list";
    }

    /** The method that reads a value: {@code whole}, {@code number}, {@code text}, {@code flag}, {@code list}. */
    public static String readerOf(Object value) {
        return value instanceof Long ? "whole"
                : value instanceof BigDecimal ? "number"
                : value instanceof String ? "text"
                : value instanceof Boolean ? "flag"
                : "list";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Values other && what.equals(other.what) && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return what + values;
    }
}
