package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeploymentPolicy#exercise}: a policy that builds is decided on generated requests and its scenarios
 * before it approves anything; a rule that throws on one is an error naming the rule, its file and the request,
 * and a rule of the policy's own files that fires on none is a warning.
 */
class ExerciseTest {
    private static final String HEADER = """
            package org.deploypolicy.exercise;

            import java.time.DayOfWeek;
            import java.time.LocalTime;
            import org.deploypolicy.rules.Deployment;
            import org.deploypolicy.rules.Rollback;

            global org.deploypolicy.rules.Findings findings;

            """;

    /** A rule that fires only on a deployment from the branch "nowhere", which no generated request comes from. */
    private static final String NEVER = """
                rule "team.never"
                    @id("team.never")
                when
                    Deployment( source == "nowhere" )
                then
                    findings.block("never");
                end
            """;

    @TempDir
    Path dir;

    /** The warnings about team.drl: the core-test files copied beside it are the policy's own too. */
    private static List<PolicyProblem> ours(List<PolicyProblem> warnings) {
        return warnings.stream().filter(w -> w.file().equals("team.drl")).toList();
    }

    private DeploymentPolicy build(String settings, String rules) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("policy.yaml"), TestPolicies.coreSettings() + settings);
        TestPolicies.write(dir.resolve("team.drl"), HEADER + rules);
        return DeploymentPolicy.builder().directory(dir).build();
    }

    @Test
    void aRuleThatThrowsAtATimeTheRuleNamesIsAnErrorNamingTheRuleFileAndRequest() {
        DeploymentPolicy policy = build("", """
                rule "team.late-thursday"
                    @id("team.late-thursday")
                when
                    $d : Deployment( day == DayOfWeek.THURSDAY, time >= LocalTime.of(16, 30) )
                then
                    findings.block("late " + Integer.parseInt($d.getSource()));
                end
                """);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> policy.exercise(List.of()));

        assertEquals(1, error.problems().size(), Requests.describe(error));
        assertTrue(error.problems().get(0).message().endsWith(": java.lang.NumberFormatException: For input string: "
                + "\"release\""), error.problems().get(0).message());
        PolicyProblem problem = error.problems().get(0);
        assertEquals("team.drl", problem.file());
        assertTrue(problem.message().startsWith("rule team.late-thursday throws on a generated deployment from "),
                problem.message());
        assertTrue(problem.message().contains("Thursday 2030-01-10 16:30"), problem.message());
        assertTrue(problem.message().contains("NumberFormatException"), problem.message());
    }

    @Test
    void aRuleThatThrowsOnlyAtAnAttributesBoundaryIsFound() {
        DeploymentPolicy policy = build("""
                attributes:
                  properties:
                    tier: { type: integer, minimum: 1, maximum: 3 }
                """, """
                rule "team.tier"
                    @id("team.tier")
                when
                    $d : Deployment( attributes.has("tier"), attributes.whole("tier") == 3 )
                then
                    findings.advise("tier " + (10 / (3 - $d.getAttributes().whole("tier"))));
                end
                """);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> policy.exercise(List.of()));

        assertTrue(error.problems().get(0).message().contains("with the attributes {tier=3}"), Requests.describe(error));
    }

    @Test
    void aRuleOfThePolicysOwnThatFiresOnNothingIsAWarning() {
        DeploymentPolicy policy = build("", NEVER + """

                rule "team.rollbacks"
                    @id("team.rollbacks")
                when
                    Rollback( )
                then
                    findings.advise("a rollback");
                end
                """);

        List<PolicyProblem> warnings = ours(policy.exercise(List.of()));

        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("team.drl", warnings.get(0).file());
        assertEquals(java.util.OptionalInt.of(10), warnings.get(0).line());
        assertTrue(warnings.get(0).message().startsWith("rule \"team.never\" fires on none of the "), warnings.toString());
    }

    @Test
    void aRuleThatFiresOnAScenariosRequestIsNoWarning() {
        DeploymentPolicy policy = build("", NEVER);
        TestPolicies.write(dir.resolve("scenarios/nowhere.yaml"), """
                note: a deployment from nowhere
                request:
                  kind: DEPLOYMENT
                  id: DEP-1
                  at: 2030-07-04T10:30:00+02:00
                  source: nowhere
                  target: prod
                  requester: { id: ana }
                  change: { type: FEATURE, major: false, breaking: false, paymentRelated: false,
                            databaseMigrations: false, author: ana, headCommit: c0ffee1 }
                want: { outcome: REJECTED, findings: [ { rule: team.never, effect: BLOCK } ] }
                """);

        List<PolicyProblem> warnings = ours(policy.exercise(Scenario.read(dir.resolve("scenarios"))));

        assertEquals(List.of(), warnings);
    }

    @Test
    void aRollbackNoRuleDecidesIsAWarningAndAClasspathPolicyHasNoRulesOfATeamsOwn() {
        List<String> warnings = TestPolicies.core().exercise(List.of()).stream().map(PolicyProblem::message).toList();

        assertTrue(warnings.stream().allMatch(w -> w.startsWith("no rule marked @decides(rollback) decided this "
                + "rollback (incident ")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("CUSTOMER_BUG")), warnings.toString());
    }
}
