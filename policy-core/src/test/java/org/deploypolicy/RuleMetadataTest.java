package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine knows of a rule comes from its metadata ({@code @window}, {@code @decides(rollback)}), and from
 * what Drools' parser reads of it (its effects), never from its id: a rule named like a window or rollback rule but
 * not marked so gets a warning that says what to add.
 */
class RuleMetadataTest {
    @TempDir
    Path dir;

    private static final String HEADER = """
            package org.deploypolicy.marks;

            import org.deploypolicy.rules.Deployment;
            import org.deploypolicy.rules.Rollback;

            global org.deploypolicy.rules.Findings findings;

            """;

    @Test
    void aRollbackNoMarkedRuleDecidesFailsClosedWhateverTheIdsSay() {
        TestPolicies.copyCore(dir);
        Path rollback = dir.resolve("rollback.drl");
        TestPolicies.write(rollback, TestPolicies.read(rollback).replace("    @decides(rollback)\n", ""));
        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(Requests.rollback(IncidentType.API_ERRORS)));

        assertTrue(error.getMessage().contains("@decides(rollback)"), error.getMessage());
    }

    @Test
    void aRuleWithAWindowOrRollbackIdButNoMarkIsWarnedAboutWithWhatToAdd() {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("marks.drl"), HEADER + """
                rule "late"
                    @id("window.late")
                when
                    Deployment( production )
                then
                    findings.block("too late");
                end

                rule "undecided"
                    @id("rollback.other")
                when
                    Rollback()
                then
                    findings.advise("maybe");
                end
                """);

        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        assertTrue(policy.warnings().stream().anyMatch(w -> w.file().equals("marks.drl")
                && w.line().getAsInt() == 8 && w.message().contains("add @window")), policy.warnings().toString());
        assertTrue(policy.warnings().stream().anyMatch(w -> w.file().equals("marks.drl")
                && w.message().contains("add @decides(rollback)")), policy.warnings().toString());
    }

    @Test
    void aRulesEffectsAreReadFromItsConsequenceNotItsComments() {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("marks.drl"), HEADER + """
                // findings.block("this comment is no call")
                rule "advice only"
                    @id("team.advice")
                when
                    Deployment( production )
                then
                    String text = "findings.require(\\"neither is this string\\")";
                    findings.advise(text);
                end
                """);

        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        PolicyRule rule = policy.rules().stream().filter(r -> "team.advice".equals(r.id())).findFirst().orElseThrow();
        assertEquals(Set.of(Effect.ADVISE), rule.effects());
    }

    @Test
    void aMarkWrittenAsAStringCountsAsTheMarkAndIsNotWarnedAbout() {
        TestPolicies.copyCore(dir);
        Path rollback = dir.resolve("rollback.drl");
        TestPolicies.write(rollback, TestPolicies.read(rollback).replace("@decides(rollback)", "@decides(\"rollback\")"));
        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        policy.evaluate(Requests.rollback(IncidentType.API_ERRORS));
        assertTrue(policy.warnings().stream().noneMatch(w -> w.message().contains("@decides")),
                policy.warnings().toString());
    }

    @Test
    void aRuleFileThatCannotBeReadIsAPolicyThatCannotBeReadNamingTheFile() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/self/mem")),
                "a file whose reading fails: Linux's /proc/self/mem");
        TestPolicies.copyCore(dir);
        java.nio.file.Files.createSymbolicLink(dir.resolve("broken.drl"), Path.of("/proc/self/mem"));

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());

        assertEquals("broken.drl: cannot read: input/output error", error.problems().get(0).describe());
    }
}
