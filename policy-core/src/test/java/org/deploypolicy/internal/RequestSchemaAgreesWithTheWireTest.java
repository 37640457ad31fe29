package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code schemas/request.schema.json} has the fields {@link Wire} describes, which the reader reads and the writer
 * writes: each object of a request has the same properties in the same order, the same ones required, each of the
 * same type (the same {@code $defs} for texts, names, roles and times, the same enum values), and {@code null}
 * allowed exactly where a field is optional, since the contract reads null as absent. What values the schema
 * allows beyond that (blank names, times) is checked against the reader in {@code policy-examples}'
 * {@code RequestSchemaAgreesWithTheReaderTest}.
 */
class RequestSchemaAgreesWithTheWireTest {
    private static final JsonNode SCHEMA = read(Path.of("..", "schemas", "request.schema.json"));
    /** The {@code $defs} that name kinds of string rather than objects. */
    private static final Set<String> STRINGS = Set.of("text", "name", "role", "time", "value");

    @Test
    void aRequestIsOneOfTheKindsTheWireDescribes() {
        List<String> kinds = new ArrayList<>();
        SCHEMA.get("oneOf").forEach(request -> kinds.add(resolve(request).at("/properties/kind/const").asText()));

        assertEquals(Wire.REQUESTS.stream().map(Wire.Shape::kind).toList(), kinds);
    }

    @TestFactory
    Stream<DynamicTest> eachObjectHasTheFieldsOfItsRecord() {
        List<SchemaObject> objects = new ArrayList<>();
        for (JsonNode request : SCHEMA.get("oneOf")) {
            JsonNode schema = resolve(request);
            String kind = schema.at("/properties/kind/const").asText();
            Wire.REQUESTS.stream().filter(shape -> shape.kind().equals(kind))
                    .forEach(shape -> objects(kind + " $", shape, schema, objects));
        }
        return objects.stream().map(object -> DynamicTest.dynamicTest(object.path(),
                () -> assertAgrees(object.path(), object.shape(), object.schema())));
    }

    /** An object of the schema, and the shape that describes it. */
    private record SchemaObject(String path, Wire.Shape<?> shape, JsonNode schema) {
    }

    /** The object of a record's schema, and the objects of its parts. */
    private static void objects(String path, Wire.Shape<?> shape, JsonNode schema, List<SchemaObject> objects) {
        objects.add(new SchemaObject(path, shape, schema));
        for (Wire.Field<?> field : shape.fields()) {
            JsonNode property = schema.path("properties").get(field.name());
            if (property == null) {
                continue;
            }
            if (field.type() instanceof Wire.Shape<?> part) {
                objects(path + "." + field.name(), part, resolve(property), objects);
            } else if (field.type() instanceof Wire.ListOf list && list.item() instanceof Wire.Shape<?> item) {
                objects(path + "." + field.name() + "[]", item, resolve(property.get("items")), objects);
            }
        }
    }

    private static void assertAgrees(String path, Wire.Shape<?> shape, JsonNode schema) {
        assertEquals(false, schema.path("additionalProperties").asBoolean(true), path + " allows unknown fields");
        assertEquals(List.copyOf(shape.keys()), names(schema.get("properties")), path + ": the fields");
        Set<String> required = new TreeSet<>();
        if (shape.kind() != null) {
            required.add("kind");
            assertEquals(shape.kind(), schema.at("/properties/kind/const").asText(), path + ".kind");
        }
        shape.fields().stream().filter(Wire.Field::required).forEach(field -> required.add(field.name()));
        assertEquals(required, new TreeSet<>(names(schema.path("required"))), path + ": the fields required");
        for (Wire.Field<?> field : shape.fields()) {
            String expected = describe(field.type()) + (field.required() ? "" : " or null");
            assertEquals(expected, describe(schema.get("properties").get(field.name())), path + "." + field.name());
        }
    }

    /** A type of the wire in words: {@code list of name or null}. */
    private static String describe(Wire.Type type) {
        if (type instanceof Wire.Scalar scalar) {
            return scalar.name().toLowerCase(Locale.ROOT);
        }
        if (type instanceof Wire.Choice<?> choice) {
            return "one of " + Arrays.stream(choice.values().getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", "));
        }
        if (type instanceof Wire.ListOf list) {
            return "list of " + describe(list.item());
        }
        if (type instanceof Wire.MapOf map) {
            return "object of name to " + describe(map.value());
        }
        return "object";
    }

    /** A property's schema in the same words. */
    private static String describe(JsonNode property) {
        if (property.has("$ref")) {
            String def = property.get("$ref").asText().substring("#/$defs/".length());
            return STRINGS.contains(def) ? def : describe(resolve(property));
        }
        if (property.has("allOf")) {
            return describe(referenced(property));
        }
        if (property.has("oneOf")) {
            List<JsonNode> members = stream(property.get("oneOf")).toList();
            List<JsonNode> values = members.stream().filter(member -> !isNull(member)).toList();
            assertEquals(1, values.size(), () -> "a value or null: " + property);
            return describe(values.get(0)) + (members.size() > 1 ? " or null" : "");
        }
        if (property.has("enum")) {
            List<JsonNode> values = stream(property.get("enum")).toList();
            return "one of " + values.stream().filter(value -> !value.isNull()).map(JsonNode::asText)
                    .collect(Collectors.joining(", ")) + (values.stream().anyMatch(JsonNode::isNull) ? " or null" : "");
        }
        JsonNode type = property.get("type");
        assertNotNull(type, () -> "a property without a type: " + property);
        List<String> types = type.isArray() ? stream(type).map(JsonNode::asText).toList() : List.of(type.asText());
        List<String> values = types.stream().filter(t -> !t.equals("null")).toList();
        assertEquals(1, values.size(), () -> "one type, or null: " + property);
        String nullable = types.contains("null") ? " or null" : "";
        return switch (values.get(0)) {
            case "array" -> "list of " + describe(property.get("items")) + nullable;
            case "object" -> property.has("properties") ? "object" + nullable
                    : "object of " + describe(property.get("propertyNames")) + " to "
                    + describe(property.get("additionalProperties")) + nullable;
            default -> values.get(0) + nullable;
        };
    }

    private static boolean isNull(JsonNode member) {
        return member.path("type").asText().equals("null");
    }

    /** The member of an {@code allOf} that refers to a definition; the others add conditions of the validator's. */
    private static JsonNode referenced(JsonNode allOf) {
        return stream(allOf.get("allOf")).filter(member -> member.has("$ref")).findFirst().orElseThrow();
    }

    /** The definition a schema refers to, or the schema itself. */
    private static JsonNode resolve(JsonNode schema) {
        if (schema.has("allOf")) {
            return resolve(referenced(schema));
        }
        if (!schema.has("$ref")) {
            return schema;
        }
        String ref = schema.get("$ref").asText();
        assertTrue(ref.startsWith("#/"), ref);
        return resolve(SCHEMA.at(ref.substring(1)));
    }

    private static List<String> names(JsonNode node) {
        if (node.isArray()) {
            return stream(node).map(JsonNode::asText).toList();
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonNode read(Path path) {
        try {
            return new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
