package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code attributes} setting through {@code extends}: an extending policy adds properties, replaces an inherited
 * property by name (whole, not key by key) and adds names to {@code required}; and a rollback carries attributes as
 * a deployment does, checked against the policy.
 */
class ExtendingAttributesTest {
    @TempDir
    Path team;

    private DeploymentPolicy extending() {
        TestPolicies.write(team.resolve("policy.yaml"), """
                extends: core-attributes
                attributes:
                  properties:
                    tier: { type: integer, maximum: 5 }
                    canary: { type: boolean }
                  required: [tier]
                """);
        return DeploymentPolicy.builder().directory(team).build();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anExtendingPolicyAddsReplacesByNameAndAddsRequiredNames() throws Exception {
        JsonNode attributes = Requests.JSON.readTree(extending().requestSchema()).at("/$defs/attributes");

        assertEquals(List.of("tier", "region", "canary"), fieldNames(attributes.get("properties")));
        assertEquals(Requests.JSON.readTree("{\"type\": \"integer\", \"maximum\": 5}"), attributes.at("/properties/tier"),
                "the inherited tier is replaced whole: no minimum, no description left over");
        assertEquals(Requests.JSON.readTree("{\"type\": \"string\", \"enum\": [\"eu\", \"us\"]}"),
                attributes.at("/properties/region"));
        assertEquals("[\"region\",\"tier\"]", attributes.get("required").toString());
    }

    @Test
    void aRollbackCarriesAttributesCheckedAgainstThePolicy() {
        DeploymentPolicy policy = extending();
        ObjectNode json = Requests.rollbackJson();
        json.putObject("attributes").put("tier", 9).put("region", "eu");

        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> policy.readRequest(Requests.text(json)));
        assertEquals(List.of(new RequestProblem("$.attributes.tier", "must be at most 5; was 9")), error.problems());

        json.with("attributes").put("tier", 4);
        RollbackRequest read = (RollbackRequest) policy.readRequest(Requests.text(json));
        assertEquals(Map.of("tier", 4L, "region", "eu"), read.attributes());
        RollbackRequest without = new RollbackRequest(read.id(), read.at(), read.requester(), read.incident(),
                read.approvals(), read.waivers(), Map.of("region", "eu"));
        assertEquals(List.of("$.attributes.tier"), assertThrows(InvalidRequestException.class,
                () -> policy.evaluate(without)).problems().stream().map(RequestProblem::path).toList(),
                "a rollback built in Java is checked as one read from JSON");
    }
}
