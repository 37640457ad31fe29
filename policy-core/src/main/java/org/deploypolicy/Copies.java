package org.deploypolicy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Defensive copies for the records' compact constructors. Nulls inside a list or map are kept, so that
 * the validator can report them with their path instead of a constructor throwing.
 */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <T> Optional<T> optional(Optional<T> optional) {
        return optional == null ? Optional.empty() : optional;
    }
}
