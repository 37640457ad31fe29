package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Any failure while deciding is an {@link EvaluationFailedException}, never a decision (docs/policy.md "Findings and the outcome":
 * the engine fails closed): a rule that throws in its consequence (named by its {@code @id}) or in its
 * condition, a rule that loops, a rollback that no rule decides. The policy is not harmed: it goes on deciding.
 */
class FailClosedTest {
    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        policy = TestPolicies.core();
    }

    private static EvaluationProblem fails(PolicyRequest request) {
        EvaluationFailedException error = assertThrows(EvaluationFailedException.class, () -> policy.evaluate(request));
        assertEquals("EVALUATION_FAILED", error.code());
        assertEquals(1, error.problems().size(), error.getMessage());
        EvaluationFailedException explained = assertThrows(EvaluationFailedException.class,
                () -> policy.explain(request));
        assertEquals(error.problems().get(0).rule(), explained.problems().get(0).rule(), "explain() fails as well");
        return error.problems().get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "throw.divide, ArithmeticException",
            "throw.null, NullPointerException"})
    void aRuleThatThrowsInItsConsequenceFailsTheCallNamingTheRulesId(String label, String exception) {
        EvaluationProblem problem = fails(deployment(label));

        assertEquals(Optional.of(label), problem.rule());
        assertTrue(problem.message().contains(exception), problem.message());
        assertEquals("rule " + label, problem.location());
    }

    @Test
    void aRuleThatThrowsEvenBesideFindingsThatWouldApproveFailsTheCall() {
        EvaluationProblem problem = fails(deployment("advice.one", "throw.divide", "advice.two"));

        assertEquals(Optional.of("throw.divide"), problem.rule());
    }

    @Test
    void theCauseIsKeptForTheLog() {
        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(deployment("throw.divide")));

        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals(ArithmeticException.class, root.getClass());
    }

    @Test
    void aRuleThatThrowsInItsConditionFailsTheCall() {
        EvaluationProblem problem = fails(deployment("throw.condition"));

        assertTrue(problem.message().contains("throw in condition"), "the message names the rule: " + problem.message());
    }

    @Test
    void aRuleThatLoopsFailsTheCall() {
        EvaluationProblem problem = fails(deployment("throw.loop"));

        assertTrue(problem.message().contains("loop"), problem.message());
    }

    @Test
    void aRollbackThatNoRuleDecidesFailsTheCall() {
        EvaluationProblem problem = fails(rollback(IncidentType.CUSTOMER_BUG));

        assertEquals(Optional.empty(), problem.rule(), "no rule to name");
        assertTrue(problem.message().contains("CUSTOMER_BUG"), problem.message());
    }

    @Test
    void aRollbackThatNoRuleDecidesFailsEvenWithAWaiverAsked() {
        RollbackRequest r = rollback(IncidentType.CUSTOMER_BUG);
        RollbackRequest withWaiver = new RollbackRequest(r.id(), r.at(), r.requester(), r.incident(), r.approvals(),
                List.of(new Waiver("rollback.customer-bug", Optional.empty(), "lee", "please")));

        fails(withWaiver);
    }

    @Test
    void afterAFailureThePolicyStillDecidesOtherRequestsCorrectly() {
        fails(deployment("throw.divide"));
        fails(deployment("throw.condition"));
        fails(rollback(IncidentType.CUSTOMER_BUG));

        Decision decision = policy.evaluate(deployment("stop.one", "advice.one"));

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(List.of("stop.one", "advice.one"), decision.findings().stream().map(Finding::rule).toList());
        assertEquals(Outcome.APPROVED, policy.evaluate(deployment()).outcome());
        assertEquals(Outcome.PENDING, policy.evaluate(rollback(IncidentType.PAYMENT_FAILURES)).outcome());
    }

    @Test
    void findingsOfAFailedCallDoNotLeakIntoTheNext() {
        fails(deployment("stop.one", "throw.divide"));

        Decision decision = policy.evaluate(deployment("advice.one"));

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of("advice.one"), decision.findings().stream().map(Finding::rule).toList());
    }

    @Test
    void aRuleThatHaltsTheSessionFailsTheCallInsteadOfLeavingRulesUnfired(@TempDir Path dir) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("halt.drl"), """
                package org.deploypolicy.halting;

                import org.deploypolicy.rules.Deployment;

                rule "halts first"
                    @id("stop.halt")
                    salience 100
                when
                    Deployment( change.labels contains "halt" )
                then
                    drools.halt();
                end
                """);
        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(Requests.deployment("halt", "stop.one")));

        assertTrue(error.getMessage().contains("halted"), error.getMessage());
    }
}
