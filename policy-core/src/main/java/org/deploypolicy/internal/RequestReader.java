package org.deploypolicy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.PolicyRequest;

/**
 * Reads a request from a JSON tree into the records, field by field as {@link Wire} describes them: the shape
 * (unknown fields, types, enum spellings, times) is checked here, everything a Java-built request must satisfy too
 * in {@link RequestValidator}.
 */
final class RequestReader {
    private final StrictReader in;

    RequestReader(StrictReader in) {
        this.in = in;
    }

    /** The request, or null when its kind cannot be told. */
    PolicyRequest read(JsonNode root) {
        if (root == null || !root.isObject()) {
            in.problem("$", "must be a JSON object; was " + StrictReader.describe(root));
            return null;
        }
        JsonNode kind = root.get("kind");
        if (kind == null || kind.isNull()) {
            in.problem("$.kind", "required: " + kinds(" or "));
            return null;
        }
        for (Wire.Shape<? extends PolicyRequest> request : Wire.REQUESTS) {
            if (kind.isTextual() && request.kind().equals(kind.textValue())) {
                return object(request, root, "$");
            }
        }
        in.problem("$.kind", "must be one of " + kinds(", ") + "; was " + StrictReader.describe(kind));
        return null;
    }

    private static String kinds(String separator) {
        return Wire.REQUESTS.stream().map(Wire.Shape::kind).collect(Collectors.joining(separator));
    }

    /** The record of an object, or null (and reported) when {@code node} is not an object. */
    private <R extends Record> R object(Wire.Shape<R> shape, JsonNode node, String path) {
        StrictReader.Obj o = in.object(node, path, shape.keys());
        if (o == null) {
            return null;
        }
        List<Wire.Field<R>> fields = shape.fields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Wire.Field<R> field = fields.get(i);
            JsonNode value = o.get(field.name());
            if (value != null) {
                values[i] = read(field.type(), value, o.path(field.name()));
            } else if (field.required() && shape.holdsPrimitive(i)) {
                // a flag or a count cannot be absent from a record, so only here can its absence be told
                in.problem(o.path(field.name()), "required: " + field.wanted());
            }
        }
        return shape.create(values);
    }

    /** A value of {@code type}, or null (and reported) when it is not one. */
    private Object read(Wire.Type type, JsonNode node, String path) {
        if (type instanceof Wire.Scalar scalar) {
            return switch (scalar) {
                case TEXT, NAME, ROLE -> in.text(node, path);
                case TIME -> in.time(node, path);
                case BOOLEAN -> in.bool(node, path);
                case INTEGER -> in.integer(node, path);
                case NUMBER -> in.number(node, path);
                case VALUE -> in.value(node, path);
            };
        }
        if (type instanceof Wire.Choice<?> choice) {
            return in.enumValue(node, path, choice.values());
        }
        if (type instanceof Wire.ListOf list) {
            return in.list(node, path, (item, itemPath) -> read(list.item(), item, itemPath));
        }
        if (type instanceof Wire.MapOf map) {
            return map(map, node, path);
        }
        return object((Wire.Shape<?>) type, node, path);
    }

    private Map<String, Object> map(Wire.MapOf map, JsonNode node, String path) {
        if (!node.isObject()) {
            in.problem(path, "must be an object of " + map.meaning() + "; was " + StrictReader.describe(node));
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            if (map.value() == Wire.Scalar.VALUE && entry.getValue().isNull()) {
                return; // a team's value of null is one not given, as for every field of the contract
            }
            Object value = read(map.value(), entry.getValue(), StrictReader.child(path, entry.getKey()));
            // a team's value that did not read is reported, and left out of the record, which holds no null value
            if (value != null || map.value() != Wire.Scalar.VALUE) {
                values.put(entry.getKey(), value);
            }
        });
        return values;
    }
}
