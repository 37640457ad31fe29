package org.deploypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.RequestProblem;
import org.junit.jupiter.api.Test;

/**
 * A policy's {@code attributes}: the subset of JSON Schema it may use, checked when the policy is read, and a
 * request's attributes checked against it with every problem in the contract's words at its path.
 */
class AttributeSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEAM = """
            {"properties": {
               "tier": {"type": "integer", "minimum": 1, "maximum": 3, "description": "the service's tier"},
               "risk": {"type": "number", "minimum": 0, "maximum": 1},
               "owner": {"type": "string", "minLength": 2, "maxLength": 8, "pattern": "^[a-z]+$"},
               "region": {"type": "string", "enum": ["eu", "us"]},
               "canary": {"type": "boolean"},
               "services": {"type": "array", "items": {"type": "string", "enum": ["api", "web"]}}
             },
             "required": ["tier"]}
            """;

    private static AttributeSchema read(String json, StrictReader in) {
        try {
            return AttributeSchema.read(JSON.readTree(json), "attributes", in);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static AttributeSchema team() {
        StrictReader in = new StrictReader();
        AttributeSchema schema = read(TEAM, in);
        assertEquals(List.of(), in.issues());
        return schema;
    }

    private static Map<String, Object> attributes(Object... pairs) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            attributes.put((String) pairs[i], pairs[i + 1]);
        }
        return attributes;
    }

    private static List<String> problems(Map<String, Object> attributes) {
        return team().check(attributes).stream().map(p -> p.path() + ": " + p.message()).toList();
    }

    @Test
    void attributesThatKeepTheSchemaHaveNoProblems() {
        assertEquals(List.of(), problems(attributes("tier", 2L, "risk", new BigDecimal("0.5"), "owner", "ana",
                "region", "eu", "canary", true, "services", List.of("api", "web"))));
        assertEquals(List.of(), problems(attributes("tier", 1L, "risk", 1L)));
    }

    @Test
    void eachBrokenConstraintIsAProblemAtItsPathInTheContractsWords() {
        assertEquals(List.of(
                        "$.attributes.canary: must be true or false; was \"yes\"",
                        "$.attributes.owner: must match the pattern ^[a-z]+$; was \"A1\"",
                        "$.attributes.region: must be one of \"eu\", \"us\"; was \"asia\"",
                        "$.attributes.risk: must be at most 1; was 1.5",
                        "$.attributes.services[1]: must be one of \"api\", \"web\"; was \"db\"",
                        "$.attributes.tier: must be at most 3; was 4",
                        "$.attributes.tierr: unknown field; expected one of tier, risk, owner, region, canary, services"),
                problems(attributes("tier", 4L, "risk", new BigDecimal("1.5"), "owner", "A1", "region", "asia",
                        "canary", "yes", "services", List.of("api", "db"), "tierr", 1L)));
    }

    @Test
    void aRequiredAttributeLeftOutIsAProblemAtItsPath() {
        assertEquals(List.of("$.attributes.tier: required by the policy's attributes"), problems(Map.of()));
    }

    @Test
    void aWholeNumberIsNotAText() {
        assertEquals(List.of("$.attributes.tier: must be a whole number; was \"2\""), problems(attributes("tier", "2")));
        assertEquals(List.of("$.attributes.tier: must be a whole number; was 2.5"),
                problems(attributes("tier", new BigDecimal("2.5"))));
    }

    @Test
    void aPolicyWithoutAttributesTakesNone() {
        List<RequestProblem> problems = AttributeSchema.NONE.check(attributes("tier", 1L));

        assertEquals(List.of(new RequestProblem("$.attributes.tier", "unknown field; the policy declares no attributes")),
                problems);
    }

    @Test
    void aSchemaOutsideTheSubsetIsAProblemAtEachKey() {
        StrictReader in = new StrictReader();
        AttributeSchema schema = read("""
                {"properties": {
                   "Tier": {"type": "integer"},
                   "risk": {"type": "object"},
                   "owner": {"type": "string", "minimum": 1, "format": "email"},
                   "count": {"maximum": 3},
                   "ids": {"type": "array"},
                   "names": {"type": "array", "items": {"type": "array"}},
                   "level": {"type": "integer", "enum": [1, "two"]},
                   "code": {"type": "string", "pattern": "(["}
                 },
                 "required": ["missing"],
                 "oneOf": []}
                """, in);

        assertNull(schema);
        assertEquals(List.of(
                        "attributes.oneOf: unknown field; expected one of properties, required",
                        "attributes.properties.Tier: an attribute name is a lower-case letter, then letters and digits (like riskScore)",
                        "attributes.properties.risk.type: must be one of string, integer, number, boolean, array; was \"object\"",
                        "attributes.properties.owner.format: unknown field; expected one of type, items, enum, minimum, maximum, minLength, maxLength, pattern, description",
                        "attributes.properties.owner.minimum: only an integer or number attribute has a minimum",
                        "attributes.properties.count.type: missing: each attribute declares its type (string, integer, number, boolean or array)",
                        "attributes.properties.ids.items: missing: an array attribute declares the type of its items",
                        "attributes.properties.names.items.type: must be one of string, integer, number, boolean; was \"array\"",
                        "attributes.properties.level.enum[1]: must be a value of type integer; was \"two\"",
                        "attributes.properties.code.pattern: is not a regular expression: Unclosed character class",
                        "attributes.required[0]: names no attribute of properties"),
                in.issues().stream().map(i -> i.path() + ": " + i.message()).toList());
    }

    @Test
    void theRequestSchemaOfTheAttributesObjectAllowsNothingElse() {
        JsonNode schema = team().schema();

        assertEquals("object", schema.get("type").asText());
        assertEquals(false, schema.get("additionalProperties").asBoolean());
        assertEquals("[\"tier\"]", schema.get("required").toString());
        assertNotNull(schema.at("/properties/tier/maximum"));
        assertEquals("integer", team().typeOf("tier"));
    }
}
