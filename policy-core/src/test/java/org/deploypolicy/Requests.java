package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Valid requests to start from (as JSON trees a test changes one thing in, and as records), and the checks
 * tests make on what is rejected. Branch names and check names are those of the core-test policy.
 */
final class Requests {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A Thursday inside core-test's preferred window, in Berlin summer time. */
    static final OffsetDateTime AT = OffsetDateTime.parse("2030-07-04T10:30:00+02:00");

    private Requests() {
    }

    /** A complete deployment request with every field, optional ones included. */
    static ObjectNode deploymentJson() {
        return (ObjectNode) tree("""
                {
                  "kind": "DEPLOYMENT",
                  "id": "DEP-7",
                  "at": "2030-07-04T10:30:00+02:00",
                  "source": "release",
                  "target": "prod",
                  "requester": { "id": "ana", "roles": ["DEVELOPER"] },
                  "change": {
                    "summary": "Faster checkout",
                    "type": "FEATURE",
                    "severity": "P3",
                    "major": false,
                    "breaking": false,
                    "paymentRelated": true,
                    "databaseMigrations": false,
                    "author": "ana",
                    "headCommit": "c0ffee1",
                    "branchedFrom": "develop",
                    "labels": ["checkout"]
                  },
                  "approvals": [
                    { "by": "lee", "role": "TECH_LEAD", "verdict": "APPROVED", "commit": "c0ffee1",
                      "channel": "PULL_REQUEST", "reference": null, "at": "2030-07-04T09:58:00+02:00" },
                    { "by": "max", "role": "CEO", "verdict": "REJECTED", "commit": "c0ffee1",
                      "channel": "VERBAL", "reference": "PR description", "at": "2030-07-04T10:01:00+02:00" }
                  ],
                  "reviews": { "approving": 2, "codeOwnerApproved": true },
                  "checks": { "unit-tests": "PASSED", "dr-drill": "PENDING" },
                  "checklist": {
                    "securityScanCompleted": true,
                    "criticalVulnerabilities": 0,
                    "stagingVerified": true,
                    "migrationsReviewed": false,
                    "rollbackPlanDocumented": true
                  },
                  "waivers": [ { "rule": "advice.one", "subject": null, "by": "lee", "reason": "known" } ]
                }""");
    }

    /** A complete rollback request; its approval names no commit, as a rollback's need not. */
    static ObjectNode rollbackJson() {
        return (ObjectNode) tree("""
                {
                  "kind": "ROLLBACK",
                  "id": "RB-3",
                  "at": "2030-07-04T18:05:00+02:00",
                  "requester": { "id": "kai", "roles": ["ON_CALL"] },
                  "incident": { "type": "API_ERRORS", "apiErrorRate": 0.2, "summary": "5xx after the deploy" },
                  "approvals": [ { "by": "lee", "role": "TECH_LEAD", "verdict": "APPROVED" } ],
                  "waivers": []
                }""");
    }

    /** A production deployment built in Java whose labels ask core-test's rules for findings. */
    static DeploymentRequest deployment(String... labels) {
        return deploymentTo("prod", AT, labels);
    }

    /** A deployment built in Java, with only what is required and the given target, time and labels. */
    static DeploymentRequest deploymentTo(String target, OffsetDateTime at, String... labels) {
        return new DeploymentRequest("DEP-7", Optional.ofNullable(at), "release", target,
                new Requester("ana", List.of("DEVELOPER")),
                new Change(Optional.empty(), ChangeType.FEATURE, Optional.empty(), false, false, false, false,
                        "ana", "c0ffee1", Optional.empty(), List.of(labels)),
                List.of(), null, Map.of(), null, List.of());
    }

    /** A rollback built in Java for an incident of the given type. */
    static RollbackRequest rollback(IncidentType type) {
        return new RollbackRequest("RB-3", Optional.of(AT), new Requester("kai", List.of("ON_CALL")),
                new Incident(type, java.util.OptionalDouble.of(0.2), Optional.empty()), List.of(), List.of());
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String text(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sets the value at a JSON pointer ({@code /approvals/1/commit}); the parent must exist. */
    static ObjectNode with(ObjectNode root, String pointer, JsonNode value) {
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = root.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array && at.last().getMatchingIndex() < array.size()) {
            array.set(at.last().getMatchingIndex(), value);
        } else if (parent instanceof ArrayNode array) {
            array.add(value);
        } else {
            throw new IllegalArgumentException("no parent for " + pointer);
        }
        return root;
    }

    /** Sets the value at a JSON pointer, the value given as JSON text. */
    static ObjectNode with(ObjectNode root, String pointer, String json) {
        return with(root, pointer, tree(json));
    }

    /** Removes the field at a JSON pointer. */
    static ObjectNode without(ObjectNode root, String pointer) {
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = root.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.remove(at.last().getMatchingProperty());
        } else if (parent instanceof ArrayNode array) {
            array.remove(at.last().getMatchingIndex());
        } else {
            throw new IllegalArgumentException("no parent for " + pointer);
        }
        return root;
    }

    /** Reads JSON that must be rejected. */
    static InvalidRequestException rejected(String json) {
        return assertThrows(InvalidRequestException.class, () -> PolicyJson.readRequest(json));
    }

    static InvalidRequestException rejected(JsonNode request) {
        return rejected(text(request));
    }

    /** The paths of an error's problems, in order. */
    static List<String> paths(InvalidRequestException error) {
        return error.problems().stream().map(RequestProblem::path).toList();
    }

    /** The problem at {@code path}; fails naming every problem when there is none. */
    static RequestProblem problemAt(InvalidRequestException error, String path) {
        return error.problems().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseGet(() -> fail("no problem at " + path + "; the problems were:\n" + describe(error)));
    }

    static String describe(PolicyException error) {
        return error.problems().stream().map(Problem::describe).collect(Collectors.joining("\n"));
    }
}
