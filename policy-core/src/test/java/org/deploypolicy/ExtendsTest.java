package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory whose {@code policy.yaml} says {@code extends: <name>} starts from that classpath policy's rules and
 * settings, overrides the settings it names (maps merge by key, a list replaces the list), adds its own rule files,
 * and may switch inherited rules off, keeping its own rule of that id (docs/policy.md "Settings").
 */
class ExtendsTest {
    private static final String TEAM_RULE = """
            package org.deploypolicy.team;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            // Replaces the base policy's rule of the same id.
            rule "team note"
                @id("base.note")
            when
                Deployment()
            then
                findings.advise("Noted by the team.");
            end
            """;

    @TempDir
    static Path dir;

    private static DeploymentPolicy team;

    @BeforeAll
    static void build() {
        TestPolicies.write(dir.resolve("policy.yaml"), """
                extends: core-base
                name: team
                windows:
                  preferred:
                    to: "11:00"
                checks:
                  required: [lint, unit-tests]
                disabled: [base.note]
                """);
        TestPolicies.write(dir.resolve("team.drl"), TEAM_RULE);
        team = DeploymentPolicy.builder().directory(dir).build();
    }

    @Test
    void mapsMergeByKeyAndListsReplace() {
        assertEquals("team", team.settings().name());
        assertEquals(LocalTime.of(10, 0), team.settings().windows().preferred().from(), "inherited");
        assertEquals(LocalTime.of(11, 0), team.settings().windows().preferred().to(), "overridden");
        assertEquals(List.of("lint", "unit-tests"), team.settings().checks().required());
        assertEquals("dr-drill", team.settings().checks().disasterRecovery());
        assertEquals(0.1, team.settings().rollback().apiErrorThreshold());
    }

    @Test
    void inheritedRulesAreNamedUnderTheirPolicysName() {
        assertEquals(List.of(new PolicyRule("base.check", "base check", "core-base/base.drl", Set.of(Effect.REQUIRE)),
                new PolicyRule("base.note", "team note", "team.drl", Set.of(Effect.ADVISE))), team.rules());
    }

    @Test
    void anOwnRuleReplacesTheDisabledInheritedOne() {
        Decision decision = team.evaluate(deployment("base.check"));

        assertEquals(List.of("REQUIRE base.check Required by the base policy.", "ADVISE base.note Noted by the team."),
                decision.findings().stream().map(f -> f.effect() + " " + f.rule() + " " + f.message()).toList());
        assertEquals("team", decision.policy().name());
    }

    @Test
    void theVersionCountsTheInheritedFiles() {
        assertTrue(team.id().version().matches("sha256:[0-9a-f]{64}"));
        assertNotEquals(DeploymentPolicy.builder().classpath("core-base").build().id().version(), team.id().version());
    }

    @Test
    void disablingAnIdNoInheritedRuleHasIsAnError(@TempDir Path other) {
        TestPolicies.write(other.resolve("policy.yaml"), "extends: core-base\ndisabled: [base.note, team.only]\n");
        TestPolicies.write(other.resolve("team.drl"), TEAM_RULE.replace("base.note", "team.only"));

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(other).build());

        assertEquals(List.of(new PolicyProblem("policy.yaml", OptionalInt.of(2), error.problems().get(0).column(),
                "disabled[1]: no inherited rule has the id \"team.only\"")), error.problems());
    }

    @Test
    void anOverrideThatCannotWorkIsNamedInTheFileThatMadeIt(@TempDir Path other) {
        TestPolicies.write(other.resolve("policy.yaml"), "extends: core-base\nwindows:\n  preferred:\n    to: \"09:00\"\n");

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(other).build());

        PolicyProblem problem = error.problems().get(0);
        assertEquals(1, error.problems().size(), error.getMessage());
        assertEquals("policy.yaml", problem.file());
        assertEquals(OptionalInt.of(4), problem.line());
        assertTrue(problem.message().startsWith("windows.preferred.to: "), problem.describe());
    }
}
