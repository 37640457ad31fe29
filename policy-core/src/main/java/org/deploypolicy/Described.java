package org.deploypolicy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.deploypolicy.rules.Values;

/**
 * The parts of a request that its builder describes in lambdas: one described in place, again on each call (the
 * change, the checklist, the incident), or a new item added to a list and named by its index (an approval).
 */
final class Described {
    private Described() {
    }

    /** {@code part}, described further by {@code description}; {@code setting} names a null description. */
    static <B> B part(B part, Consumer<? super B> description, String setting) {
        Objects.requireNonNull(description, setting + " must not be null");
        description.accept(part);
        return part;
    }

    /** One attribute more, its value as the rule vocabulary holds it; a name given twice is an error. */
    static void attribute(Map<String, Object> attributes, String name, Object value) {
        Objects.requireNonNull(name, "attribute name must not be null");
        Objects.requireNonNull(value, () -> "attributes." + name + " must not be null");
        Object held = new Values("attributes", Map.of(name, value)).get(name);
        Object earlier = attributes.putIfAbsent(name, held);
        if (earlier != null) {
            throw new IllegalArgumentException("attributes." + name + " is already set, to " + earlier);
        }
    }

    /** A new item of {@code items}, made with its name ({@code approvals[2]}), described and added. */
    static <B> void item(List<B> items, String list, Function<String, B> newItem, Consumer<? super B> description,
                         String setting) {
        Objects.requireNonNull(description, setting + " must not be null");
        items.add(part(newItem.apply(list + "[" + items.size() + "]"), description, setting));
    }
}
