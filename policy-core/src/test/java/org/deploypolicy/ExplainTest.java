package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.deploymentTo;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code explain()} lists the rules that fired, in firing order (once per match), beside a decision equal to
 * what {@code evaluate()} returns. The core-test rules fire in salience order: stop, missing, advice, watch.
 */
class ExplainTest {
    private static final PolicyRule STOP_ONE = new PolicyRule("stop.one", "stop one", "findings.drl", Set.of(Effect.BLOCK));
    private static final PolicyRule MISSING_ONE = new PolicyRule("missing.one", "missing one", "findings.drl", Set.of(Effect.REQUIRE));
    private static final PolicyRule ADVICE_TWO = new PolicyRule("advice.two", "advice two", "findings.drl", Set.of(Effect.ADVISE));
    private static final PolicyRule WATCH = new PolicyRule("obligation.watch", "watch after deploy", "obligations.drl", Set.of());

    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        policy = TestPolicies.core();
    }

    @Test
    void firedRulesAreListedInFiringOrder() {
        Explanation explanation = policy.explain(deployment("advice.two", "missing.one", "stop.one"));

        assertEquals(List.of(STOP_ONE, MISSING_ONE, ADVICE_TWO, WATCH), explanation.fired());
    }

    @Test
    void aRuleThatMatchesTwiceIsListedTwice() {
        Explanation explanation = policy.explain(deployment("stop.one:a", "stop.one:b"));

        assertEquals(List.of(STOP_ONE, STOP_ONE, WATCH), explanation.fired());
    }

    @Test
    void aRollbackListsItsIncidentsRule() {
        Explanation explanation = policy.explain(rollback(IncidentType.PAYMENT_FAILURES));

        assertEquals(List.of(new PolicyRule("rollback.payments", "rollback on payment failures", "rollback.drl",
                Set.of(Effect.REQUIRE))),
                explanation.fired());
    }

    static Stream<PolicyRequest> requests() {
        return Stream.of(deployment(), deployment("stop.one", "advice.one:x"), deployment("missing.one"),
                deploymentTo("prod", null, "advice.two"), deploymentTo("release", Requests.AT),
                rollback(IncidentType.API_ERRORS), rollback(IncidentType.SECURITY_INCIDENT));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void theDecisionIsTheOneEvaluateReturns(PolicyRequest request) {
        assertEquals(policy.evaluate(request), policy.explain(request).decision());
    }

    @Test
    void thePolicyListsItsRulesByFileAndName() {
        List<PolicyRule> rules = policy.rules();

        assertEquals(rules.stream().sorted(Comparator.comparing(PolicyRule::file).thenComparing(PolicyRule::name))
                .toList(), rules);
        assertEquals(List.of("failures.drl", "findings.drl", "obligations.drl", "rollback.drl"),
                rules.stream().map(PolicyRule::file).distinct().toList());
        assertTrue(rules.contains(STOP_ONE) && rules.contains(WATCH));
    }

    @Test
    void rulesOfTheSameNameInTwoPackagesAreToldApart(@TempDir Path dir) {
        TestPolicies.write(dir.resolve("policy.yaml"), TestPolicies.coreSettings());
        for (String team : List.of("alpha", "beta")) {
            TestPolicies.write(dir.resolve(team + ".drl"), """
                    package org.deploypolicy.%1$s;

                    import org.deploypolicy.rules.Deployment;

                    global org.deploypolicy.rules.Findings findings;

                    rule "same name"
                        @id("%1$s.rule")
                        salience %2$d
                    when
                        Deployment()
                    then
                        findings.advise("from %1$s");
                    end
                    """.formatted(team, team.equals("alpha") ? 10 : 5));
        }
        DeploymentPolicy twoTeams = DeploymentPolicy.builder().directory(dir).build();

        Explanation explanation = twoTeams.explain(deployment());

        assertEquals(List.of(new PolicyRule("alpha.rule", "same name", "alpha.drl", Set.of(Effect.ADVISE)),
                new PolicyRule("beta.rule", "same name", "beta.drl", Set.of(Effect.ADVISE))), explanation.fired());
    }
}
