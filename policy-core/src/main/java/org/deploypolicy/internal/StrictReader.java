package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON or YAML tree strictly, collecting every problem with the path of its field instead of stopping
 * at the first: unknown keys, wrong types, enum values not spelt exactly, times without an offset. What is
 * wrong reads as null, so one pass reports everything. Paths are {@code $.a.b[2]} for requests and
 * {@code a.b[2]} for settings, depending on the root given.
 */
final class StrictReader {
    /** A problem at a path. */
    record Issue(String path, String message) {
    }

    private final List<Issue> issues = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    /** Records a problem; a path already reported keeps its first problem. */
    void problem(String path, String message) {
        if (reported.add(path)) {
            issues.add(new Issue(path, message));
        }
    }

    List<Issue> issues() {
        return issues;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** The path of the field a streaming parser is at, under {@code root} ({@code $} or empty). */
    static String path(JsonStreamContext context, String root) {
        if (context == null || context.inRoot()) {
            return root;
        }
        String parent = path(context.getParent(), root);
        if (context.inArray()) {
            return index(parent, Math.max(context.getCurrentIndex(), 0));
        }
        return context.getCurrentName() == null ? parent : child(parent, context.getCurrentName());
    }

    /** An object whose keys must be among {@code keys}; null (and reported) when {@code node} is not an object. */
    Obj object(JsonNode node, String path, String... keys) {
        return object(node, path, Arrays.asList(keys));
    }

    /** An object whose keys must be among {@code keys}, in the order a problem lists them. */
    Obj object(JsonNode node, String path, List<String> keys) {
        return object(node, path, new LinkedHashSet<>(keys));
    }

    /**
     * An object whose keys must be among {@code keys}, which a problem lists in their order; null (and reported)
     * when {@code node} is not an object.
     */
    Obj object(JsonNode node, String path, Set<String> keys) {
        if (!(node instanceof ObjectNode object)) {
            problem(path, "must be an object; was " + describe(node));
            return null;
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                problem(child(path, name), "unknown field; expected one of " + String.join(", ", keys));
            }
        }
        return new Obj(object, path);
    }

    /**
     * A team's own value ({@code params}, a request's {@code attributes}): a number, a text, a boolean, or a list of
     * those; whole numbers as {@code Long}, others as {@code BigDecimal}. Null (and reported) for anything else.
     */
    Object value(JsonNode node, String path) {
        return value(node, path, true);
    }

    private Object value(JsonNode node, String path, boolean listAllowed) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                problem(path, "a whole number must lie within +-9223372036854775807; was " + node.asText());
                return null;
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray() && listAllowed) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                values.add(value(node.get(i), index(path, i), false));
            }
            return values.contains(null) ? null : List.copyOf(values);
        }
        problem(path, "must be a number, a text, true or false" + (listAllowed ? ", or a list of those" : "")
                + "; was " + describe(node));
        return null;
    }

    /** Reads a list of values, each with its own path; null for an absent field. */
    <T> List<T> list(JsonNode node, String path, BiFunction<JsonNode, String, T> element) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            problem(path, "must be a list; was " + describe(node));
            return null;
        }
        List<T> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            values.add(item.isNull() ? null : element.apply(item, index(path, i)));
        }
        return values;
    }

    String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problem(path, "must be a string; was " + describe(node));
            return null;
        }
        return node.textValue();
    }

    Boolean bool(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(path, "must be true or false; was " + describe(node));
            return null;
        }
        return node.booleanValue();
    }

    Integer integer(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(path, "must be a whole number; was " + describe(node));
            return null;
        }
        return node.intValue();
    }

    Double number(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            problem(path, "must be a number; was " + describe(node));
            return null;
        }
        return node.doubleValue();
    }

    <E extends Enum<E>> E enumValue(JsonNode node, String path, Class<E> type) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        problem(path, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")) + "; was " + describe(node));
        return null;
    }

    OffsetDateTime time(JsonNode node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        OffsetDateTime time = Times.parse(text);
        if (time == null) {
            problem(path, Times.problem(text));
        }
        return time;
    }

    static String describe(JsonNode node) {
        if (node == null) {
            return "absent";
        }
        String text = node.isObject() ? "an object" : node.isArray() ? "a list" : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    /** An object being read, with its path. */
    final class Obj {
        private final ObjectNode node;
        private final String path;

        private Obj(ObjectNode node, String path) {
            this.node = node;
            this.path = path;
        }

        /** The value at {@code key}, or null when absent or null. */
        JsonNode get(String key) {
            JsonNode value = node.get(key);
            return value == null || value.isNull() ? null : value;
        }

        boolean has(String key) {
            return get(key) != null;
        }

        /** The path of a field of this object. */
        String path(String key) {
            return child(path, key);
        }

        String text(String key) {
            return StrictReader.this.text(get(key), path(key));
        }

        Boolean bool(String key) {
            return StrictReader.this.bool(get(key), path(key));
        }

        Integer integer(String key) {
            return StrictReader.this.integer(get(key), path(key));
        }

        Double number(String key) {
            return StrictReader.this.number(get(key), path(key));
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            return StrictReader.this.enumValue(get(key), path(key), type);
        }

        OffsetDateTime time(String key) {
            return StrictReader.this.time(get(key), path(key));
        }

        <T> List<T> list(String key, BiFunction<JsonNode, String, T> element) {
            return StrictReader.this.list(get(key), path(key), element);
        }

        /** A nested object, or null when absent (or reported when not an object). */
        Obj object(String key, String... keys) {
            return object(key, Arrays.asList(keys));
        }

        /** A nested object with keys among {@code keys}, or null when absent (or reported when not an object). */
        Obj object(String key, List<String> keys) {
            JsonNode value = get(key);
            return value == null ? null : StrictReader.this.object(value, path(key), keys);
        }
    }
}
