package org.deploypolicy.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.deploypolicy.RequestProblem;

/**
 * What a policy lets requests carry in {@code attributes}: its {@code attributes} setting, a JSON Schema of the
 * attributes object in a small subset (each property a {@code type} of string, integer, number, boolean, or an
 * array of one of those, with {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength},
 * {@code pattern}, {@code description}; {@code required} names), checked by networknt's validator, whose findings
 * are told in the contract's words with their paths under {@code $.attributes}.
 */
final class AttributeSchema {
    /** A policy that declares no attributes: a request may carry none. */
    static final AttributeSchema NONE = new AttributeSchema(Map.of(), List.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "array");
    private static final Set<String> SCALARS = Set.of("string", "integer", "number", "boolean");
    /** The keys of the {@code attributes} setting. */
    static final List<String> KEYS = List.of("properties", "required");
    /** The keywords of an attribute's schema. */
    static final List<String> KEYWORDS = List.of("type", "items", "enum", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "description");
    /** The keywords of the schema of an array attribute's items. */
    static final List<String> ITEM_KEYWORDS = List.of("type", "enum", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "description");

    private final Map<String, ObjectNode> properties;
    private final List<String> required;
    private final ObjectNode schema;
    /** Made at the first request that carries attributes: most decisions never load the validator. */
    private volatile JsonSchema validator;

    private AttributeSchema(Map<String, ObjectNode> properties, List<String> required) {
        this.properties = properties;
        this.required = required;
        this.schema = schemaOf(properties, required);
    }

    private JsonSchema validator() {
        JsonSchema made = validator;
        if (made == null) {
            made = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
            validator = made;
        }
        return made;
    }

    /**
     * Reads the {@code attributes} setting (after {@code extends}), reporting each part outside the subset at its
     * key; null when it has problems.
     */
    static AttributeSchema read(JsonNode node, String path, StrictReader in) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        int before = in.issues().size();
        StrictReader.Obj o = in.object(node, path, KEYS);
        if (o == null) {
            return null;
        }
        Map<String, ObjectNode> properties = new LinkedHashMap<>();
        JsonNode declared = o.get("properties");
        if (declared != null && !declared.isObject()) {
            in.problem(o.path("properties"), "must map attribute names to their schemas; was "
                    + StrictReader.describe(declared));
        } else if (declared != null) {
            declared.properties().forEach(field -> {
                String at = StrictReader.child(o.path("properties"), field.getKey());
                if (!SettingsReader.PARAM_NAME.matcher(field.getKey()).matches()) {
                    in.problem(at, "an attribute name is a lower-case letter, then letters and digits (like riskScore)");
                }
                ObjectNode property = property(field.getValue(), at, in, false);
                if (property != null) {
                    properties.put(field.getKey(), property);
                }
            });
        }
        List<String> required = new ArrayList<>();
        List<String> names = in.list(o.get("required"), o.path("required"), in::text);
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name != null && declared != null && declared.isObject() && !declared.has(name)) {
                    in.problem(StrictReader.index(o.path("required"), i), "names no attribute of properties");
                } else if (name != null && !required.contains(name)) {
                    required.add(name);
                }
            }
        }
        return in.issues().size() == before ? new AttributeSchema(properties, required) : null;
    }

    private static ObjectNode property(JsonNode node, String path, StrictReader in, boolean item) {
        StrictReader.Obj o = in.object(node, path, item ? ITEM_KEYWORDS : KEYWORDS);
        if (o == null) {
            return null;
        }
        int before = in.issues().size();
        String type = in.text(o.get("type"), o.path("type"));
        if (type == null && !o.has("type")) {
            in.problem(o.path("type"), "missing: each attribute declares its type (string, integer, number, boolean"
                    + (item ? ")" : " or array)"));
        } else if (type != null && !(item ? SCALARS : TYPES).contains(type)) {
            in.problem(o.path("type"), "must be one of string, integer, number, boolean" + (item ? "" : ", array")
                    + "; was \"" + type + "\"");
        }
        if (type == null || !(item ? SCALARS : TYPES).contains(type)) {
            return null;
        }
        if ("array".equals(type)) {
            if (o.get("items") == null) {
                in.problem(o.path("items"), "missing: an array attribute declares the type of its items");
            } else {
                property(o.get("items"), o.path("items"), in, true);
            }
        } else if (o.has("items")) {
            in.problem(o.path("items"), "only an array attribute has items");
        }
        boolean text = "string".equals(type);
        boolean number = "integer".equals(type) || "number".equals(type);
        for (String bound : List.of("minimum", "maximum")) {
            JsonNode value = o.get(bound);
            if (value != null && (!number || !value.isNumber())) {
                in.problem(o.path(bound), number ? "must be a number; was " + StrictReader.describe(value)
                        : "only an integer or number attribute has a " + bound);
            }
        }
        for (String length : List.of("minLength", "maxLength")) {
            JsonNode value = o.get(length);
            if (value != null && (!text || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0)) {
                in.problem(o.path(length), text ? "must be a whole number of 0 or more; was "
                        + StrictReader.describe(value) : "only a string attribute has a " + length);
            }
        }
        JsonNode pattern = o.get("pattern");
        if (pattern != null) {
            if (!text || !pattern.isTextual()) {
                in.problem(o.path("pattern"), text ? "must be a regular expression; was " + StrictReader.describe(pattern)
                        : "only a string attribute has a pattern");
            } else {
                try {
                    Pattern.compile(pattern.textValue());
                } catch (PatternSyntaxException e) {
                    in.problem(o.path("pattern"), "is not a regular expression: " + e.getDescription());
                }
            }
        }
        JsonNode values = o.get("enum");
        if (values != null && (!values.isArray() || values.isEmpty())) {
            in.problem(o.path("enum"), "must list the values allowed; was " + StrictReader.describe(values));
        } else if (values != null && type != null) {
            for (int i = 0; i < values.size(); i++) {
                if (!fits(values.get(i), type)) {
                    in.problem(StrictReader.index(o.path("enum"), i), "must be a value of type " + type + "; was "
                            + StrictReader.describe(values.get(i)));
                }
            }
        }
        JsonNode description = o.get("description");
        if (description != null && !description.isTextual()) {
            in.problem(o.path("description"), "must be a text; was " + StrictReader.describe(description));
        }
        return in.issues().size() == before ? (ObjectNode) node : null;
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && isWhole(value.decimalValue());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static ObjectNode schemaOf(Map<String, ObjectNode> properties, List<String> required) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode declared = schema.putObject("properties");
        properties.forEach(declared::set);
        ArrayNode names = schema.putArray("required");
        required.forEach(names::add);
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * The schema of a request's {@code attributes} object for this policy: {@code type: object}, its properties,
     * its required names, no other property.
     */
    ObjectNode schema() {
        return schema.deepCopy();
    }

    /** The names a request must give. */
    List<String> required() {
        return required;
    }

    /** The schema of a declared attribute's value; a missing node when none is declared. */
    JsonNode property(String name) {
        ObjectNode property = properties.get(name);
        return property == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : property;
    }

    /** The names declared, in order. */
    Set<String> names() {
        return properties.keySet();
    }

    /** The declared type of an attribute ({@code string}, {@code integer}, ...), or null when none is declared. */
    String typeOf(String name) {
        ObjectNode property = properties.get(name);
        return property == null ? null : property.get("type").asText();
    }

    /** The problems of a request's attributes, each at its path under {@code $.attributes}, in path order. */
    List<RequestProblem> check(Map<String, Object> attributes) {
        if (attributes.isEmpty() && required.isEmpty()) {
            return List.of();
        }
        JsonNode instance = JSON.valueToTree(attributes);
        List<RequestProblem> problems = new ArrayList<>();
        for (ValidationMessage message : validator().validate(instance)) {
            problems.add(problem(message, instance));
        }
        problems.sort(Comparator.comparing(RequestProblem::path));
        return problems;
    }

    private RequestProblem problem(ValidationMessage message, JsonNode instance) {
        String path = "$.attributes" + suffix(message);
        JsonNode value = message.getInstanceNode();
        JsonNode keyword = message.getSchemaNode();
        String was = "; was " + StrictReader.describe(value);
        return switch (message.getType()) {
            case "required" -> new RequestProblem(path + "." + message.getProperty(), "required by the policy's attributes");
            case "additionalProperties" -> new RequestProblem(path + "." + message.getProperty(),
                    properties.isEmpty() ? "unknown field; the policy declares no attributes"
                            : "unknown field; expected one of " + String.join(", ", properties.keySet()));
            case "type" -> new RequestProblem(path, "must be " + typeWords(keyword.asText()) + was);
            case "enum" -> new RequestProblem(path, "must be one of " + values(keyword) + was);
            case "minimum" -> new RequestProblem(path, "must be at least " + keyword.asText() + was);
            case "maximum" -> new RequestProblem(path, "must be at most " + keyword.asText() + was);
            case "minLength" -> new RequestProblem(path, "must be at least " + keyword.asText() + " characters long" + was);
            case "maxLength" -> new RequestProblem(path, "must be at most " + keyword.asText() + " characters long" + was);
            case "pattern" -> new RequestProblem(path, "must match the pattern " + keyword.asText() + was);
            default -> new RequestProblem(path, message.getMessage());
        };
    }

    /** The instance location below the attributes object: {@code .tier}, {@code .regions[1]}. */
    private static String suffix(ValidationMessage message) {
        StringBuilder suffix = new StringBuilder();
        var location = message.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            suffix.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return suffix.toString();
    }

    private static String typeWords(String type) {
        return switch (type) {
            case "string" -> "a string";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "an array";
            default -> type;
        };
    }

    private static String values(JsonNode values) {
        List<String> texts = new ArrayList<>();
        for (Iterator<JsonNode> i = values.elements(); i.hasNext(); ) {
            texts.add(i.next().toString());
        }
        return String.join(", ", texts);
    }
}
