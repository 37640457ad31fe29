package org.deploypolicy;

import static org.deploypolicy.Requests.AT;
import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.deploymentTo;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a decision is made from what the rules report (docs/policy.md "Findings and the outcome"): the outcome from the findings,
 * findings sorted and de-duplicated, waivers answered, obligations kept only on an approved production
 * deployment. The core-test rules report whatever the change labels ask for ({@code <id>} or
 * {@code <id>:<subject>}).
 */
class FindingsAndOutcomeTest {
    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        policy = TestPolicies.core();
    }

    /** A finding without its message, as "EFFECT rule subject" ({@code -} for none). */
    private static String brief(Finding f) {
        return f.effect() + " " + f.rule() + " " + f.subject().map(s -> "'" + s + "'").orElse("-");
    }

    private static List<String> briefs(Decision decision) {
        return decision.findings().stream().map(FindingsAndOutcomeTest::brief).toList();
    }

    private static DeploymentRequest withWaivers(DeploymentRequest d, Waiver... waivers) {
        return new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(), d.change(), d.approvals(),
                d.reviews(), d.checks(), d.checklist(), List.of(waivers));
    }

    private static Waiver waiver(String rule) {
        return new Waiver(rule, Optional.empty(), "lee", "we accept the risk");
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                            | APPROVED
            advice.one                                    | APPROVED
            advice.one advice.two:x                       | APPROVED
            missing.one                                   | PENDING
            missing.one advice.one                        | PENDING
            stop.one                                      | REJECTED
            advice.one missing.one stop.two               | REJECTED
            mixed.require:s                               | PENDING
            mixed.require:s mixed.block:s                 | REJECTED
            """)
    void theOutcomeIsRejectedOnABlockElsePendingOnARequireElseApproved(String labels, Outcome outcome) {
        String[] asked = labels.isBlank() ? new String[0] : labels.split(" ");

        assertEquals(outcome, policy.evaluate(deployment(asked)).outcome());
    }

    @Test
    void findingsAreSortedByEffectThenRuleIdThenSubjectWithNoSubjectFirst() {
        Decision decision = policy.evaluate(deployment("advice.two", "advice.one:b", "missing.one:z", "stop.two",
                "advice.one", "stop.one:b", "missing.one", "stop.one:a", "advice.one:a", "stop.one"));

        assertEquals(List.of(
                "BLOCK stop.one -", "BLOCK stop.one 'a'", "BLOCK stop.one 'b'", "BLOCK stop.two -",
                "REQUIRE missing.one -", "REQUIRE missing.one 'z'",
                "ADVISE advice.one -", "ADVISE advice.one 'a'", "ADVISE advice.one 'b'", "ADVISE advice.two -"),
                briefs(decision));
    }

    @Test
    void theOrderIsFindingOrder() {
        Decision decision = policy.evaluate(deployment("advice.two", "stop.one:b", "missing.one", "stop.one"));

        List<Finding> sorted = decision.findings().stream().sorted(Finding.ORDER).toList();
        assertEquals(sorted, decision.findings());
    }

    @Test
    void aRuleReportingTheSameSubjectTwiceGivesOneFinding() {
        Decision decision = policy.evaluate(deployment("stop.one", "stop.one", "stop.one:a", "stop.one:a",
                "advice.one:a", "advice.one:a"));

        assertEquals(List.of("BLOCK stop.one -", "BLOCK stop.one 'a'", "ADVISE advice.one 'a'"), briefs(decision));
    }

    @Test
    void oneRuleIdWithTwoEffectsForOneSubjectKeepsTheStrongest() {
        Decision decision = policy.evaluate(deployment("mixed.require:s", "mixed.block:s", "mixed.require:t"));

        assertEquals(List.of("BLOCK mixed 's'", "REQUIRE mixed 't'"), briefs(decision));
        assertEquals("Mixed block mixed.block:s.", decision.findings().get(0).message());
    }

    @Test
    void anEmptySubjectIsASubjectOfItsOwnNotNoSubject() {
        Decision decision = policy.evaluate(deployment("stop.one", "stop.one:"));

        assertEquals(List.of("BLOCK stop.one -", "BLOCK stop.one ''"), briefs(decision));
    }

    @Test
    void findingsCarryTheRulesMessageAndAreNotWaived() {
        Finding finding = policy.evaluate(deployment("missing.one:x")).findings().get(0);

        assertEquals(new Finding("missing.one", Effect.REQUIRE, Optional.of("x"), "Missing: missing.one:x.",
                Optional.empty()), finding);
        assertTrue(finding.counts());
    }

    @Test
    void aWaiverInARequestIsAnsweredWithAnAdviceNamingTheWaivedRule() {
        Decision decision = policy.evaluate(withWaivers(deployment("stop.one"), waiver("stop.one")));

        assertEquals(List.of("BLOCK stop.one -", "ADVISE waiver.ignored 'stop.one'"), briefs(decision));
        assertEquals(Outcome.REJECTED, decision.outcome(), "this policy grants no waivers");
        assertTrue(decision.findings().get(0).counts());
        assertFalse(decision.findings().get(1).message().isBlank());
    }

    @Test
    void aWaiverOfARuleThatFoundNothingIsAnsweredToo() {
        Decision decision = policy.evaluate(withWaivers(deployment(), waiver("stop.two")));

        assertEquals(List.of("ADVISE waiver.ignored 'stop.two'"), briefs(decision));
        assertEquals(Outcome.APPROVED, decision.outcome());
    }

    @Test
    void waiversAreAnsweredOncePerWaivedRuleSortedByIt() {
        Decision decision = policy.evaluate(withWaivers(deployment("missing.one"), waiver("stop.one"),
                waiver("missing.one"), new Waiver("stop.one", Optional.of("a"), "max", "again")));

        assertEquals(List.of("REQUIRE missing.one -", "ADVISE waiver.ignored 'missing.one'",
                "ADVISE waiver.ignored 'stop.one'"), briefs(decision));
        assertEquals(Outcome.PENDING, decision.outcome());
    }

    @Test
    void aWaiverInARollbackIsAnsweredToo() {
        RollbackRequest r = rollback(IncidentType.SECURITY_INCIDENT);
        Decision decision = policy.evaluate(new RollbackRequest(r.id(), r.at(), r.requester(), r.incident(),
                r.approvals(), List.of(waiver("rollback.security"))));

        assertEquals(List.of("BLOCK rollback.security -", "ADVISE waiver.ignored 'rollback.security'"),
                briefs(decision));
        assertEquals(Outcome.REJECTED, decision.outcome());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"API_ERRORS, APPROVED", "PAYMENT_FAILURES, PENDING", "SECURITY_INCIDENT, REJECTED"})
    void aRollbackIsDecidedByItsIncidentsRule(IncidentType type, Outcome outcome) {
        Decision decision = policy.evaluate(rollback(type));

        assertEquals(outcome, decision.outcome());
        assertEquals(1, decision.findings().size());
        assertEquals(List.of(), decision.obligations(), "a rollback carries no obligations");
    }

    @Test
    void anApprovedProductionDeploymentCarriesItsObligations() {
        Decision decision = policy.evaluate(deployment("advice.one"));

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of(new Obligation("obligation.watch", "Watch the health endpoint.",
                Optional.of("https://core-test.invalid/health"), Optional.of(AT.plusMinutes(15)))),
                decision.obligations());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource({"prod, missing.one", "prod, stop.one", "release, ''", "develop, advice.one"})
    void noOtherDecisionCarriesObligations(String target, String label) {
        String[] labels = label.isEmpty() ? new String[0] : new String[] {label};

        assertEquals(List.of(), policy.evaluate(deploymentTo(target, AT, labels)).obligations());
    }

    @Test
    void aDecisionEchoesTheRequestIdAndNamesThePolicy() {
        Decision decision = policy.evaluate(rollback(IncidentType.API_ERRORS));

        assertEquals("RB-3", decision.requestId());
        assertEquals(policy.id(), decision.policy());
        assertEquals("core-test", decision.policy().name());
        assertEquals(List.of(), decision.approvers());
        assertEquals(Optional.empty(), decision.nextAllowed());
    }

    @Test
    void theSameRequestGetsAnEqualDecision() {
        DeploymentRequest request = deployment("missing.one:a", "advice.two");

        assertEquals(policy.evaluate(request), policy.evaluate(request));
    }

    @Test
    void aWaivedFindingDoesNotCountTowardTheOutcome() {
        Optional<Waived> waived = Optional.of(new Waived("lee", "known"));
        Finding block = new Finding("stop.one", Effect.BLOCK, Optional.empty(), "no", Optional.empty());
        Finding waivedBlock = new Finding("stop.one", Effect.BLOCK, Optional.empty(), "no", waived);
        Finding require = new Finding("missing.one", Effect.REQUIRE, Optional.empty(), "more", Optional.empty());
        Finding waivedRequire = new Finding("missing.one", Effect.REQUIRE, Optional.empty(), "more", waived);
        Finding advise = new Finding("advice.one", Effect.ADVISE, Optional.empty(), "fyi", Optional.empty());

        assertEquals(Outcome.APPROVED, Decision.outcomeOf(List.of()));
        assertEquals(Outcome.APPROVED, Decision.outcomeOf(List.of(advise)));
        assertEquals(Outcome.APPROVED, Decision.outcomeOf(List.of(waivedBlock, waivedRequire, advise)));
        assertEquals(Outcome.PENDING, Decision.outcomeOf(List.of(waivedBlock, require)));
        assertEquals(Outcome.REJECTED, Decision.outcomeOf(List.of(waivedRequire, require, block)));
        assertEquals(Outcome.REJECTED, Decision.outcomeOf(Arrays.asList(advise, block)));
    }
}
