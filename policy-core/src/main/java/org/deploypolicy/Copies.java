package org.deploypolicy;

import java.util.AbstractList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deploypolicy.rules.Values;
import java.util.RandomAccess;

/**
 * Defensive copies for the records' compact constructors. Nulls inside a list or map are kept, so that
 * the validator can report them with their path instead of a constructor throwing.
 */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return list instanceof Frozen<T> frozen ? frozen : new Frozen<>(list.toArray());
    }

    /**
     * A list no one can change, nulls allowed: a copy made once, and never again when a record passes it on to
     * another (a decision's findings into the decision with its next allowed time, say).
     */
    private static final class Frozen<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] items;

        private Frozen(Object[] items) {
            this.items = items;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            return (T) items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * A request's attributes, each value as the rule vocabulary holds it (whole numbers as {@code Long}, others as
     * {@code BigDecimal}).
     *
     * @throws IllegalArgumentException naming an attribute whose value is of no type an attribute may have
     */
    static Map<String, Object> attributes(Map<String, ?> attributes) {
        return attributes == null || attributes.isEmpty() ? Map.of() : new Values("attributes", attributes).asMap();
    }

    static <T> Optional<T> optional(Optional<T> optional) {
        return optional == null ? Optional.empty() : optional;
    }
}
