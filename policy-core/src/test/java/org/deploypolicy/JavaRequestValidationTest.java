package org.deploypolicy;

import static org.deploypolicy.Requests.AT;
import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.paths;
import static org.deploypolicy.Requests.rollback;
import static org.deploypolicy.Requests.text;
import static org.deploypolicy.Requests.with;
import static org.deploypolicy.Requests.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request built in Java passes the same checks as one read from JSON when it is evaluated: nulls in records,
 * nulls inside lists, limits and ranges are problems with their JSON paths, never a NullPointerException.
 */
class JavaRequestValidationTest {
    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        policy = TestPolicies.core();
    }

    private static InvalidRequestException rejected(PolicyRequest request) {
        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> policy.evaluate(request));
        assertEquals(error.problems(), assertThrows(InvalidRequestException.class,
                () -> policy.explain(request)).problems(), "explain() checks as evaluate() does");
        return error;
    }

    private static Set<String> pathSet(InvalidRequestException error) {
        return new TreeSet<>(paths(error));
    }

    private static DeploymentRequest deploymentWith(UnaryOperator<Change> change) {
        DeploymentRequest d = deployment();
        return new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(), change.apply(d.change()),
                d.approvals(), d.reviews(), d.checks(), d.checklist(), d.waivers());
    }

    private static DeploymentRequest deploymentWithApprovals(List<Approval> approvals) {
        DeploymentRequest d = deployment();
        return new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(), d.change(), approvals,
                d.reviews(), d.checks(), d.checklist(), d.waivers());
    }

    private static Approval approval(String by) {
        return new Approval(by, "TECH_LEAD", Verdict.APPROVED, Optional.of("c0ffee1"), null, null, null);
    }

    @Test
    void aValidJavaRequestIsDecided() {
        assertEquals(Outcome.APPROVED, policy.evaluate(deployment()).outcome());
    }

    @Test
    void aNullRequestIsAnErrorAtTheRoot() {
        assertEquals(List.of("$"), paths(rejected(null)));
    }

    @Test
    void aDeploymentOfNullsNamesEveryRequiredField() {
        DeploymentRequest request = new DeploymentRequest(null, null, null, null, null, null, null, null, null, null,
                null);

        assertEquals(Set.of("$.id", "$.source", "$.target", "$.requester", "$.change"), pathSet(rejected(request)));
    }

    @Test
    void aRollbackOfNullsNamesEveryRequiredField() {
        RollbackRequest request = new RollbackRequest(null, null, null, null, null, null);

        assertEquals(Set.of("$.id", "$.requester", "$.incident"), pathSet(rejected(request)));
    }

    @Test
    void nullsInsideNestedRecordsAreNamedByTheirPaths() {
        DeploymentRequest request = new DeploymentRequest("DEP-7", null, "release", "prod", new Requester(null, null),
                new Change(null, null, null, false, false, false, false, null, null, null, null),
                List.of(new Approval(null, null, null, null, null, null, null)), null, null, null,
                List.of(new Waiver(null, null, null, null)));

        assertEquals(Set.of("$.requester.id", "$.change.type", "$.change.author", "$.change.headCommit",
                "$.approvals[0].by", "$.approvals[0].role", "$.approvals[0].verdict", "$.approvals[0].commit",
                "$.waivers[0].rule", "$.waivers[0].by", "$.waivers[0].reason"), pathSet(rejected(request)));
    }

    @Test
    void aNullInsideAListIsNamedByItsIndex() {
        DeploymentRequest d = deployment();
        DeploymentRequest request = new DeploymentRequest(d.id(), d.at(), d.source(), d.target(),
                new Requester("ana", Arrays.asList("DEVELOPER", null)),
                new Change(Optional.empty(), ChangeType.FIX, Optional.empty(), false, false, false, false, "ana",
                        "c0ffee1", Optional.empty(), Arrays.asList("a", null, "c")),
                Arrays.asList(approval("lee"), approval("max"), null), null, null, null, Arrays.asList(null, null));

        assertEquals(Set.of("$.requester.roles[1]", "$.change.labels[1]", "$.approvals[2]", "$.waivers[0]",
                "$.waivers[1]"), pathSet(rejected(request)));
    }

    @Test
    void aNullCheckStatusIsNamedByTheCheck() {
        Map<String, CheckStatus> checks = new HashMap<>();
        checks.put("unit-tests", null);
        DeploymentRequest d = deployment();
        DeploymentRequest request = new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(),
                d.change(), d.approvals(), d.reviews(), checks, d.checklist(), d.waivers());

        assertEquals(List.of("$.checks.unit-tests"), paths(rejected(request)));
    }

    @Test
    void aNullCheckNameIsAnErrorAtChecks() {
        Map<String, CheckStatus> checks = new HashMap<>();
        checks.put(null, CheckStatus.PASSED);
        DeploymentRequest d = deployment();
        DeploymentRequest request = new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(),
                d.change(), d.approvals(), d.reviews(), checks, d.checklist(), d.waivers());

        assertEquals(List.of("$.checks"), paths(rejected(request)));
    }

    @Test
    void aDeploymentApprovalNeedsACommitARollbackApprovalDoesNot() {
        Approval withoutCommit = new Approval("lee", "TECH_LEAD", Verdict.APPROVED, Optional.empty(), null, null, null);
        RollbackRequest r = rollback(IncidentType.PAYMENT_FAILURES);

        assertEquals(List.of("$.approvals[1].commit"),
                paths(rejected(deploymentWithApprovals(List.of(approval("max"), withoutCommit)))));
        assertEquals(Outcome.PENDING, policy.evaluate(new RollbackRequest(r.id(), r.at(), r.requester(), r.incident(),
                List.of(withoutCommit), r.waivers())).outcome());
    }

    @Test
    void blankNamesAreErrors() {
        DeploymentRequest request = new DeploymentRequest(" ", Optional.of(AT), "", "prod",
                new Requester("\t", List.of()), deployment().change(), List.of(approval(" ")), null, null, null, null);

        assertEquals(Set.of("$.id", "$.source", "$.requester.id", "$.approvals[0].by"), pathSet(rejected(request)));
    }

    @Test
    void aRoleNameMustBeUpperCase() {
        DeploymentRequest d = deployment();
        DeploymentRequest request = new DeploymentRequest(d.id(), d.at(), d.source(), d.target(),
                new Requester("ana", List.of("developer", "ON_CALL", "TECH-LEAD")), d.change(),
                List.of(new Approval("lee", "tech_lead", Verdict.APPROVED, Optional.of("c"), null, null, null)),
                null, null, null, null);

        assertEquals(Set.of("$.requester.roles[0]", "$.requester.roles[2]", "$.approvals[0].role"),
                pathSet(rejected(request)));
    }

    @Test
    void limitsApplyToJavaRequests() {
        String long10001 = "x".repeat(10_001);
        DeploymentRequest tooLong = deploymentWith(c -> new Change(Optional.of(long10001), c.type(), c.severity(),
                false, false, false, false, "ana", "c0ffee1", Optional.empty(), List.of("ok", long10001)));
        DeploymentRequest tooMany = deploymentWith(c -> new Change(Optional.empty(), c.type(), c.severity(),
                false, false, false, false, "ana", "c0ffee1", Optional.empty(), java.util.Collections.nCopies(1_001, "l")));

        assertEquals(Set.of("$.change.summary", "$.change.labels[1]"), pathSet(rejected(tooLong)));
        assertEquals(List.of("$.change.labels"), paths(rejected(tooMany)));
        assertEquals(List.of("$.approvals"),
                paths(rejected(deploymentWithApprovals(java.util.Collections.nCopies(1_001, approval("lee"))))));
    }

    @Test
    void negativeCountsAreErrors() {
        DeploymentRequest d = deployment();
        DeploymentRequest request = new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(),
                d.change(), d.approvals(), new Reviews(-1, false), d.checks(),
                new Checklist(null, OptionalInt.of(-3), null, null, null), d.waivers());

        assertEquals(Set.of("$.reviews.approving", "$.checklist.criticalVulnerabilities"), pathSet(rejected(request)));
    }

    @Test
    void anIncidentWithoutATypeIsAnError() {
        RollbackRequest request = new RollbackRequest("RB-3", Optional.of(AT), new Requester("kai", null),
                new Incident(null, null, null), null, null);

        assertEquals(List.of("$.incident.type"), paths(rejected(request)));
    }

    @Test
    void apiErrorsNeedARate() {
        RollbackRequest request = new RollbackRequest("RB-3", Optional.of(AT), new Requester("kai", null),
                new Incident(IncidentType.API_ERRORS, OptionalDouble.empty(), null), null, null);

        assertEquals(List.of("$.incident.apiErrorRate"), paths(rejected(request)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.001, 1.001, 7.2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aRateOutsideZeroToOneIsAnError(double rate) {
        RollbackRequest request = new RollbackRequest("RB-3", Optional.of(AT), new Requester("kai", null),
                new Incident(IncidentType.API_ERRORS, OptionalDouble.of(rate), null), null, null);

        assertEquals(List.of("$.incident.apiErrorRate"), paths(rejected(request)));
    }

    @Test
    void theSameProblemsAsTheSameRequestReadFromJson() {
        ObjectNode json = without(without(with(Requests.deploymentJson(), "/requester/roles/0", "\"developer\""),
                "/target"), "/change/author");
        InvalidRequestException fromJson = Requests.rejected(json);
        DeploymentRequest d = (DeploymentRequest) PolicyJson.readRequest(text(Requests.deploymentJson()));
        DeploymentRequest built = new DeploymentRequest(d.id(), d.at(), d.source(), null,
                new Requester("ana", List.of("developer")),
                new Change(d.change().summary(), d.change().type(), d.change().severity(), false, false, true, false,
                        null, "c0ffee1", d.change().branchedFrom(), d.change().labels()),
                d.approvals(), d.reviews(), d.checks(), d.checklist(), d.waivers());

        InvalidRequestException fromJava = rejected(built);

        assertEquals(new TreeSet<>(fromJson.problems().stream().map(Problem::describe).toList()),
                new TreeSet<>(fromJava.problems().stream().map(Problem::describe).toList()));
    }
}
