package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes of a rule author that used to pass the build and then fail every evaluation: a rule that reports
 * without an {@code @id} is an error of the build at its line; an evaluation a rule makes fail names the rule and
 * its file, for a condition as for a consequence.
 */
class RuleMistakesTest {
    private static final String HEADER = """
            package org.deploypolicy.mistakes;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            """;

    @TempDir
    Path dir;

    private DeploymentPolicy build(String rules) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("team.drl"), HEADER + rules);
        return DeploymentPolicy.builder().directory(dir).build();
    }

    @Test
    void aRuleThatReportsWithoutAnIdIsAnErrorAtItsLine() {
        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> build("""
                rule "no id"
                when
                    Deployment( production )
                then
                    findings.advise("which rule says this?");
                end
                """));

        assertEquals(1, error.problems().size(), Requests.describe(error));
        PolicyProblem problem = error.problems().get(0);
        assertEquals("team.drl", problem.file());
        assertEquals(OptionalInt.of(7), problem.line());
        assertEquals("rule \"no id\" reports through findings but has no @id; add @id(\"area.name\") under its name, "
                + "so that each finding it reports says which rule it comes from", problem.message());
    }

    @Test
    void aRuleWithoutAnIdThatReportsNothingBuildsWithAWarning() {
        DeploymentPolicy policy = build("""
                rule "helper"
                when
                    Deployment( production )
                then
                    System.getProperty("nothing");
                end
                """);

        assertTrue(policy.warnings().stream().anyMatch(w -> w.file().equals("team.drl")
                && w.message().startsWith("rule \"helper\" has no @id")), policy.warnings().toString());
    }

    @Test
    void aConsequenceThatThrowsNamesItsRuleAndFile() {
        DeploymentPolicy policy = build("""
                rule "team.throws"
                    @id("team.throws")
                when
                    Deployment( production )
                then
                    findings.advise(String.valueOf(Integer.parseInt("x")));
                end
                """);

        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(Requests.deployment()));

        EvaluationProblem problem = error.problems().get(0);
        assertEquals(Optional.of("team.throws"), problem.rule());
        assertTrue(problem.message().startsWith("rule \"team.throws\" in team.drl failed: "), problem.message());
    }

    @Test
    void aConditionThatThrowsNamesItsRuleAndFile() {
        DeploymentPolicy policy = build("""
                rule "team.condition"
                    @id("team.condition")
                when
                    Deployment( production, $p : params, $p.whole("nope") > 1 )
                then
                    findings.advise("never");
                end
                """);

        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(Requests.deployment()));

        EvaluationProblem problem = error.problems().get(0);
        assertEquals(Optional.of("team.condition"), problem.rule());
        assertTrue(problem.message().startsWith("a condition of rule \"team.condition\" in team.drl failed: "),
                problem.message());
        assertTrue(problem.message().contains("params.nope has no value"), problem.message());
    }
}
