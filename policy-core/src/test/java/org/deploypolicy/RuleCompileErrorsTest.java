package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule file that does not compile is an {@link InvalidPolicyException} naming the file (relative to the policy
 * directory), and the line and column as the rule compiler reports them (docs/contract.md "Errors"). Each policy here
 * is the core-test policy plus one broken file, so the problem must be pinned on the right one of several files.
 */
class RuleCompileErrorsTest {
    private static final String HEADER = """
            package org.deploypolicy.broken;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            """;

    @TempDir
    Path dir;

    private InvalidPolicyException buildFails(String file, String rules) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve(file), rules);
        return assertThrows(InvalidPolicyException.class, () -> DeploymentPolicy.builder().directory(dir).build());
    }

    /** The 1-based number of the only line of {@code text} containing {@code fragment}. */
    private static int lineOf(String text, String fragment) {
        List<String> lines = List.of(text.split("\n", -1));
        assertEquals(1, lines.stream().filter(l -> l.contains(fragment)).count(), fragment);
        return lines.indexOf(lines.stream().filter(l -> l.contains(fragment)).findFirst().orElseThrow()) + 1;
    }

    private static PolicyProblem problemAtLine(InvalidPolicyException error, int line) {
        return error.problems().stream().filter(p -> p.line().equals(OptionalInt.of(line))).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at line " + line + ":\n" + Requests.describe(error)));
    }

    @Test
    void aSyntaxErrorIsReportedWithItsFileLineAndColumn() {
        String broken = "    $d : Deployment( production == )";
        String rules = HEADER + """
                rule "broken syntax"
                    @id("broken.syntax")
                when
                %s
                then
                    findings.block("never");
                end
                """.formatted(broken);

        InvalidPolicyException error = buildFails("broken.drl", rules);

        int line = lineOf(rules, broken);
        assertEquals(10, line, "the line as written in the file");
        PolicyProblem problem = problemAtLine(error, line);
        assertEquals("broken.drl", problem.file());
        // Drools' parser counts columns from 0: the offending ')' is the 36th character, reported as column 35,
        // which is also what its own message says ("Line 10:35").
        assertEquals(OptionalInt.of(broken.indexOf(')')), problem.column(), problem.describe());
        assertTrue(problem.message().contains("10:35"), problem.describe());
        assertTrue(problem.describe().startsWith("broken.drl:10:35: "), problem.describe());
        error.problems().forEach(p -> assertEquals("broken.drl", p.file(), "only the broken file is blamed"));
    }

    @Test
    void aRuleThatReferencesAnUnknownFieldIsReportedWithItsFileAndLine() {
        String pattern = "    $d : Deployment( noSuchField == true )";
        String rules = HEADER + """
                rule "unknown field"
                    @id("broken.field")
                when
                %s
                then
                    findings.block("never");
                end
                """.formatted(pattern);

        InvalidPolicyException error = buildFails("more/unknown.drl", rules);

        PolicyProblem problem = problemAtLine(error, lineOf(rules, pattern));
        assertEquals("more/unknown.drl", problem.file(), "named relative to the policy directory, with /");
        assertTrue(problem.message().contains("noSuchField"), problem.describe());
        error.problems().forEach(p -> assertEquals("more/unknown.drl", p.file(), "only the broken file is blamed"));
    }

    @Test
    void aConsequenceThatDoesNotCompileIsReportedWithItsFile() {
        String rules = HEADER + """
                rule "bad consequence"
                    @id("broken.consequence")
                when
                    Deployment()
                then
                    findings.blok("a method that does not exist");
                end
                """;

        InvalidPolicyException error = buildFails("consequence.drl", rules);

        assertFalse(error.problems().isEmpty());
        error.problems().forEach(p -> assertEquals("consequence.drl", p.file(), p.describe()));
        assertTrue(error.getMessage().contains("blok"), error.getMessage());
        int line = error.problems().get(0).line().orElseThrow(() -> new AssertionError(error.getMessage()));
        assertTrue(line >= lineOf(rules, "rule \"bad consequence\"") && line <= lineOf(rules, "blok"),
                "the compiler places it in the rule: " + error.getMessage());
    }

    /** A rule file whose one rule has a syntax error, beside the other stages' problems. */
    private static final String BROKEN_SYNTAX = HEADER + """
            rule "broken syntax"
                @id("broken.syntax")
            when
                $d : Deployment( production == )
            then
                findings.block("never");
            end
            """;

    @Test
    void everyStageReportsTogetherABadSettingHidesNoRuleFileAndNoDisabledId() {
        TestPolicies.copyCore(dir);
        String settings = TestPolicies.read(dir.resolve("policy.yaml"))
                .replace("disabled: []", "disabled: [no.such-rule]")
                .replace("\"2030-12-20T00:00:00+01:00\"", "\"2030-12-20T00:00:00+01\"");
        TestPolicies.write(dir.resolve("policy.yaml"), settings);
        TestPolicies.write(dir.resolve("broken.drl"), BROKEN_SYNTAX);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());

        String all = Requests.describe(error);
        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("broken.drl")), all);
        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("policy.yaml")
                && p.message().startsWith("windows.freezes[0].from: ")), all);
        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("policy.yaml")
                && p.message().contains("no.such-rule")), all);
    }

    @Test
    void aRuleThatStillPassesItsContextIsToldWhatToWriteInstead() {
        String rules = HEADER + """
                rule "old style"
                    @id("old.style")
                when
                    Deployment()
                then
                    findings.block(drools, "written for an earlier version");
                end
                """;

        InvalidPolicyException error = buildFails("old.drl", rules);

        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("old.drl")
                && p.message().contains("write findings.block(\"...\")")), error.getMessage());
    }

    @Test
    void engineStateIsNotPartOfTheRuleVocabulary() {
        String rules = HEADER + """
                import org.deploypolicy.rules.Vote;

                rule "reads a discount in a condition"
                    @id("approval.sneaky")
                when
                    $v : Vote( !findings.isDiscounted(this) )
                then
                    findings.advise("counted");
                end
                """;

        InvalidPolicyException error = buildFails("sneaky.drl", rules);

        error.problems().forEach(p -> assertEquals("sneaky.drl", p.file(), p.describe()));
    }

    @Test
    void settingsThatCannotBeReadHideNoRuleFileEither() {
        TestPolicies.copyCore(dir);
        Path settings = dir.resolve("policy.yaml");
        TestPolicies.write(settings, TestPolicies.read(settings).replace("name: core-test", "name: core-test\nname: again"));
        TestPolicies.write(dir.resolve("broken.drl"), BROKEN_SYNTAX);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());

        String all = Requests.describe(error);
        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("policy.yaml")
                && p.message().contains("appears twice")), all);
        assertTrue(error.problems().stream().anyMatch(p -> p.file().equals("broken.drl")), all);
    }
}
