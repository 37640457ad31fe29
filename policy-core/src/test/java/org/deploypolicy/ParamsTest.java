package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.deploypolicy.rules.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code params}: a team's own settings, typed, inherited and overridden by name through {@code extends}, read by
 * rules by a literal name; a read of a name no {@code params} defines, or of another type, fails the build at the
 * rule's line, never an evaluation.
 */
class ParamsTest {
    private static final String RULES = """
            package org.deploypolicy.params;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            rule "team.label"
                @id("team.label")
            when
                $d : Deployment( hasLabel(params.text("stopLabel")) )
            then
                findings.block("stopped by " + $d.getParams().text("stopLabel")
                        + " at most " + $d.getParams().whole("maxServices"));
            end
            """;

    @TempDir
    Path dir;

    private DeploymentPolicy build(String settings, String rules) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("policy.yaml"), TestPolicies.coreSettings() + settings);
        TestPolicies.write(dir.resolve("team.drl"), rules);
        return DeploymentPolicy.builder().directory(dir).build();
    }

    private InvalidPolicyException buildFails(String settings, String rules) {
        return assertThrows(InvalidPolicyException.class, () -> build(settings, rules));
    }

    private static PolicyProblem only(InvalidPolicyException error) {
        assertEquals(1, error.problems().size(), Requests.describe(error));
        return error.problems().get(0);
    }

    @Test
    void aRuleReadsParamsByNameAndType() {
        DeploymentPolicy policy = build("""
                params:
                  stopLabel: legal-hold
                  maxServices: 3
                  threshold: 0.25
                  strict: true
                  owners: [ana, 7]
                """, RULES);

        Values params = policy.settings().params();
        assertEquals("legal-hold", params.text("stopLabel"));
        assertEquals(3L, params.whole("maxServices"));
        assertEquals(new BigDecimal("0.25"), params.number("threshold"));
        assertEquals(new BigDecimal("3"), params.number("maxServices"));
        assertTrue(params.flag("strict"));
        assertEquals(List.of("ana", 7L), params.list("owners"));
        Decision decision = policy.evaluate(Requests.deployment("legal-hold"));
        assertTrue(decision.findings().stream().anyMatch(f -> f.rule().equals("team.label")
                && f.message().equals("stopped by legal-hold at most 3")), decision.findings().toString());
        assertTrue(policy.evaluate(Requests.deployment()).findings().stream().noneMatch(f -> f.rule().equals("team.label")));
    }

    @Test
    void aNameNoParamsDefinesIsAnErrorAtTheRulesLine() {
        InvalidPolicyException error = buildFails("params:\n  stopLabel: legal-hold\n", RULES);

        PolicyProblem problem = only(error);
        assertEquals("team.drl", problem.file());
        String line = RULES.lines().toList().get(12);
        assertEquals(OptionalInt.of(13), problem.line());
        assertEquals(OptionalInt.of(line.indexOf("getParams().whole(\"maxServices\")")), problem.column(), line);
        assertEquals("params.maxServices: no params defines it (policy.yaml defines stopLabel)", problem.message());
    }

    @Test
    void aReadOfAnotherTypeIsAnErrorSayingWhichReaderFits() {
        InvalidPolicyException error = buildFails("params:\n  stopLabel: 12\n  maxServices: \"3\"\n", RULES);

        assertEquals(List.of(
                        "params.stopLabel is a whole number (12); text(...) cannot read it, whole(...) can",
                        "params.stopLabel is a whole number (12); text(...) cannot read it, whole(...) can",
                        "params.maxServices is a text (3); whole(...) cannot read it, text(...) can"),
                error.problems().stream().map(PolicyProblem::message).toList());
        assertEquals(List.of(10, 12, 13), error.problems().stream().map(p -> p.line().getAsInt()).toList());
    }

    @Test
    void aNameThatIsNotALiteralIsAnError() {
        String rules = RULES.replace("params.text(\"stopLabel\")", "params.text(\"stop\" + \"Label\")");
        InvalidPolicyException error = buildFails("params:\n  stopLabel: x\n  maxServices: 3\n", rules);

        assertEquals("params are read by a literal name, like params.text(\"maxServices\")", only(error).message());
    }

    @Test
    void readsInCommentsAndStringsAreNotReads() {
        String rules = RULES.replace("when", """
                // params.whole("notDefined") in a comment
                /* and params.flag("norThis") */
                when""").replace("\"stopped by \"", "\"stopped by params.whole(\\\"nope\\\") \"");
        DeploymentPolicy policy = build("params:\n  stopLabel: x\n  maxServices: 3\n", rules);

        assertEquals("x", policy.settings().params().text("stopLabel"));
    }

    @Test
    void badParamsAreReportedTogetherWithTheirKeys() {
        InvalidPolicyException error = buildFails("""
                params:
                  Bad-Name: 1
                  nothing: null
                  nested: {a: 1}
                  deep: [[1]]
                  huge: 99999999999999999999
                """, "package x;\n");

        assertEquals(List.of(
                        "params.Bad-Name: a params name is a lower-case letter, then letters and digits (like maxChangedServices)",
                        "params.nothing: must be a number, a text, true or false, or a list of those; was null",
                        "params.nested: must be a number, a text, true or false, or a list of those; was an object",
                        "params.deep[0]: must be a number, a text, true or false; was a list",
                        "params.huge: a whole number must lie within +-9223372036854775807; was 99999999999999999999"),
                error.problems().stream().map(PolicyProblem::message).toList());
        assertTrue(error.problems().stream().allMatch(p -> p.file().equals("policy.yaml") && p.line().isPresent()),
                Requests.describe(error));
    }

    @Test
    void anExtendingPolicyInheritsParamsAndOverridesThemByName(@TempDir Path team) {
        TestPolicies.write(team.resolve("policy.yaml"), """
                extends: core-base
                params:
                  maxServices: 5
                  region: eu
                """);

        Values params = DeploymentPolicy.builder().directory(team).build().settings().params();

        assertEquals(List.of("stopLabel", "maxServices", "region"), List.copyOf(params.names()));
        assertEquals(5L, params.whole("maxServices"));
        assertEquals("legal-hold", params.text("stopLabel"));
    }

    @Test
    void aParamOverriddenWithAnotherTypeFailsTheInheritedRulesReadingIt(@TempDir Path team) {
        TestPolicies.write(team.resolve("policy.yaml"), "extends: core-base\nparams:\n  maxServices: many\n");
        TestPolicies.write(team.resolve("team.drl"), RULES);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(team).build());

        assertEquals("params.maxServices is a text (many); whole(...) cannot read it, text(...) can", only(error).message());
    }
}
