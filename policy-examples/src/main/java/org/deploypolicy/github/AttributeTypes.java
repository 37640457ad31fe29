package org.deploypolicy.github;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.DeploymentPolicy;

/**
 * The types a policy declares for its attributes, read from its request schema, to type values given as text on
 * a command line ({@code --attribute tier=1}). A name the policy does not declare stays text: the request's check
 * against the policy then reports it at its path.
 */
final class AttributeTypes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode properties;

    private AttributeTypes(JsonNode properties) {
        this.properties = properties;
    }

    /** The types of a policy's attributes; none without a policy. */
    static AttributeTypes of(DeploymentPolicy policy) {
        if (policy == null) {
            return new AttributeTypes(JSON.createObjectNode());
        }
        try {
            return new AttributeTypes(JSON.readTree(policy.requestSchema()).at("/$defs/attributes/properties"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the policy's request schema is JSON", e);
        }
    }

    /** Each value typed; a value that is not of its declared type adds a problem and is left out. */
    Map<String, Object> typed(Map<String, String> given, List<String> problems) {
        Map<String, Object> typed = new LinkedHashMap<>();
        given.forEach((name, text) -> {
            JsonNode property = properties.path(name);
            String type = property.path("type").asText("string");
            Object value = "array".equals(type)
                    ? list(name, text, property.path("items").path("type").asText("string"), problems)
                    : value(name, text, type, problems);
            if (value != null) {
                typed.put(name, value);
            }
        });
        return typed;
    }

    private static List<Object> list(String name, String text, String itemType, List<String> problems) {
        List<Object> items = new ArrayList<>();
        if (text.isEmpty()) {
            return items;
        }
        for (String item : text.split(",", -1)) {
            Object value = value(name, item.strip(), itemType, problems);
            if (value == null) {
                return null;
            }
            items.add(value);
        }
        return items;
    }

    private static Object value(String name, String text, String type, List<String> problems) {
        try {
            return switch (type) {
                case "integer" -> Long.parseLong(text);
                case "number" -> new BigDecimal(text);
                case "boolean" -> switch (text) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new NumberFormatException();
                };
                default -> text;
            };
        } catch (NumberFormatException e) {
            problems.add("--attribute " + name + "=" + text + ": the policy declares " + name + " "
                    + switch (type) {
                        case "integer" -> "a whole number";
                        case "number" -> "a number";
                        default -> "true or false";
                    } + "; was \"" + text + "\"");
            return null;
        }
    }
}
