package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.rollback;
import static org.deploypolicy.Requests.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON {@link PolicyJson} writes for decisions and errors has the shapes of docs/contract.md ("A decision",
 * "Errors"): every field present in the contract's order, null where there is nothing, times with offsets.
 * Each test parses what was written and checks its fields.
 */
class PolicyJsonWritingTest {
    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        policy = TestPolicies.core();
    }

    private static List<String> fieldNames(JsonNode object) {
        assertTrue(object.isObject(), object.toString());
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aDecisionHasEveryFieldOfTheContractInOrder() {
        Decision decision = policy.evaluate(deployment("missing.one:x", "advice.two"));

        JsonNode json = tree(PolicyJson.toJson(decision));

        assertEquals(List.of("requestId", "outcome", "findings", "approvers", "obligations", "nextAllowed", "policy",
                "evaluatedAt"), fieldNames(json));
        assertEquals("DEP-7", json.get("requestId").textValue());
        assertEquals("PENDING", json.get("outcome").textValue());
        assertEquals(2, json.get("findings").size());
        assertEquals(tree("""
                { "rule": "missing.one", "effect": "REQUIRE", "subject": "x", "message": "Missing: missing.one:x." }"""),
                json.get("findings").get(0));
        assertEquals(List.of("rule", "effect", "subject", "message"), fieldNames(json.get("findings").get(1)));
        assertTrue(json.get("findings").get(1).get("subject").isNull(), "no subject is written as null");
        assertTrue(json.get("approvers").isArray());
        assertEquals(tree("[]"), json.get("obligations"), "a pending decision carries no obligations");
        assertTrue(json.get("nextAllowed").isNull());
        assertEquals(List.of("name", "version"), fieldNames(json.get("policy")));
        assertEquals("core-test", json.get("policy").get("name").textValue());
        assertEquals(policy.id().version(), json.get("policy").get("version").textValue());
        assertEquals("2030-07-04T10:30:00+02:00", json.get("evaluatedAt").textValue());
    }

    @Test
    void anApprovedDecisionListsItsObligations() {
        JsonNode json = tree(PolicyJson.toJson(policy.evaluate(deployment())));

        assertEquals("APPROVED", json.get("outcome").textValue());
        assertEquals(tree("[]"), json.get("findings"));
        assertEquals(tree("""
                [ { "rule": "obligation.watch", "action": "Watch the health endpoint.",
                    "detail": "https://core-test.invalid/health", "due": "2030-07-04T10:45:00+02:00" } ]"""),
                json.get("obligations"));
        assertEquals(List.of("rule", "action", "detail", "due"), fieldNames(json.get("obligations").get(0)));
    }

    @Test
    void waivedFindingsApproversAndNextAllowedAreWrittenAsTheContractShowsThem() {
        Decision decision = new Decision("DEP-1042", Outcome.PENDING,
                List.of(new Finding("approval.ceo", Effect.REQUIRE, Optional.empty(), "CEO needed.", Optional.empty()),
                        new Finding("window.friday", Effect.BLOCK, Optional.of("friday"), "Friday.",
                                Optional.of(new Waived("selam", "release train")))),
                List.of(new Approver("TECH_LEAD", Optional.of("selam"), Optional.empty()),
                        new Approver("CEO", Optional.empty(), Optional.of("kebede"))),
                List.of(new Obligation("obligation.smoke-tests", "Run the smoke tests.", Optional.empty(),
                        Optional.empty())),
                Optional.of(new NextAllowed(OffsetDateTime.parse("2026-11-30T00:00:00+03:00"), Optional.empty())),
                new PolicyId("reference", "sha256:" + "0".repeat(64)), OffsetDateTime.parse("2026-11-27T10:00:00+03:00"));

        JsonNode json = tree(PolicyJson.toJson(decision));

        assertEquals(tree("""
                {
                  "requestId": "DEP-1042",
                  "outcome": "PENDING",
                  "findings": [
                    { "rule": "approval.ceo", "effect": "REQUIRE", "subject": null, "message": "CEO needed." },
                    { "rule": "window.friday", "effect": "BLOCK", "subject": "friday", "message": "Friday.",
                      "waived": { "by": "selam", "reason": "release train" } }
                  ],
                  "approvers": [
                    { "role": "TECH_LEAD", "satisfiedBy": "selam", "rejectedBy": null },
                    { "role": "CEO", "satisfiedBy": null, "rejectedBy": "kebede" }
                  ],
                  "obligations": [
                    { "rule": "obligation.smoke-tests", "action": "Run the smoke tests.", "detail": null, "due": null }
                  ],
                  "nextAllowed": { "at": "2026-11-30T00:00:00+03:00", "preferredAt": null },
                  "policy": { "name": "reference", "version": "sha256:0000000000000000000000000000000000000000000000000000000000000000" },
                  "evaluatedAt": "2026-11-27T10:00:00+03:00"
                }"""), json);
        assertEquals(List.of("rule", "effect", "subject", "message", "waived"),
                fieldNames(json.get("findings").get(1)));
        assertEquals(List.of("role", "satisfiedBy", "rejectedBy"), fieldNames(json.get("approvers").get(0)));
        assertEquals(List.of("at", "preferredAt"), fieldNames(json.get("nextAllowed")));
    }

    @Test
    void anInvalidRequestIsWrittenAsTheContractsExample() {
        InvalidRequestException error = Requests.rejected(
                Requests.with(Requests.deploymentJson(), "/change/severity", "\"P7\""));

        assertEquals(tree("""
                { "error": "INVALID_REQUEST",
                  "problems": [ { "path": "$.change.severity", "message": "must be one of P1, P2, P3, P4; was \\"P7\\"" } ] }"""),
                tree(PolicyJson.toJson(error)));
    }

    @Test
    void everyProblemOfAnInvalidRequestIsWrittenInOrder() {
        InvalidRequestException error = Requests.rejected(Requests.without(Requests.without(
                Requests.deploymentJson(), "/target"), "/change/author"));

        JsonNode json = tree(PolicyJson.toJson(error));

        assertEquals(List.of("error", "problems"), fieldNames(json));
        assertEquals(tree("""
                [ { "path": "$.target", "message": "required" }, { "path": "$.change.author", "message": "required" } ]"""),
                json.get("problems"));
    }

    @Test
    void anInvalidPolicyIsWrittenWithFileLineAndColumnNullWhereUnknown(@TempDir Path dir) {
        InvalidPolicyException missing = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());
        InvalidPolicyException located = new InvalidPolicyException(List.of(
                new PolicyProblem("windows.drl", OptionalInt.of(12), OptionalInt.of(7), "no viable alternative")));

        JsonNode json = tree(PolicyJson.toJson(missing));

        assertEquals("INVALID_POLICY", json.get("error").textValue());
        assertEquals(List.of("file", "line", "column", "message"), fieldNames(json.get("problems").get(0)));
        assertEquals("policy.yaml", json.get("problems").get(0).get("file").textValue());
        assertTrue(json.get("problems").get(0).get("line").isNull());
        assertTrue(json.get("problems").get(0).get("column").isNull());
        assertEquals(tree("""
                { "error": "INVALID_POLICY",
                  "problems": [ { "file": "windows.drl", "line": 12, "column": 7, "message": "no viable alternative" } ] }"""),
                tree(PolicyJson.toJson(located)));
    }

    @Test
    void aFailedEvaluationIsWrittenWithTheRuleThatFailed() {
        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(deployment("throw.divide")));

        JsonNode json = tree(PolicyJson.toJson(error));

        assertEquals("EVALUATION_FAILED", json.get("error").textValue());
        assertEquals(List.of("rule", "message"), fieldNames(json.get("problems").get(0)));
        assertEquals("throw.divide", json.get("problems").get(0).get("rule").textValue());
        assertEquals(error.problems().get(0).message(), json.get("problems").get(0).get("message").textValue());
    }

    @Test
    void aFailedEvaluationWithoutARuleIsWrittenWithRuleNull() {
        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(rollback(IncidentType.CUSTOMER_BUG)));

        JsonNode problem = tree(PolicyJson.toJson(error)).get("problems").get(0);

        assertTrue(problem.has("rule") && problem.get("rule").isNull(), problem.toString());
        assertTrue(problem.get("message").textValue().contains("rollback"), problem.toString());
    }

    @Test
    void aPolicyIsDescribedByItsIdAndEachRuleInForceWithItsEffectsAndFile() {
        DeploymentPolicy policy = TestPolicies.core();

        JsonNode described = tree(PolicyJson.toJson(policy));
        JsonNode id = tree(PolicyJson.toJson(policy.id()));

        assertEquals(List.of("name", "version", "rules", "attributes"), fieldNames(described));
        assertEquals("object", described.at("/attributes/type").textValue());
        assertEquals(0, described.at("/attributes/properties").size(), "core-test declares no attributes");
        assertEquals(List.of("name", "version"), fieldNames(id));
        assertEquals(policy.id().version(), id.get("version").textValue());
        // one entry per rule id: the ids of the rules in force, each once
        assertEquals(policy.rules().stream().map(PolicyRule::id).filter(java.util.Objects::nonNull).distinct().count(),
                described.get("rules").size());
        JsonNode stop = java.util.stream.StreamSupport
                .stream(described.get("rules").spliterator(), false)
                .filter(rule -> "stop.one".equals(rule.get("id").textValue())).findFirst().orElseThrow();
        assertEquals("[\"BLOCK\"]", stop.get("effects").toString());
        assertEquals("findings.drl", stop.get("file").textValue());
    }

}
