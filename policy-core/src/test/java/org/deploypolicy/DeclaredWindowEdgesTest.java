package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window rule declares the times of day its window changes at ({@code @window("16:00", "20:30")}, or names of
 * {@code params} texts holding them), and the next-allowed search tries each on every day: a rule that blocks
 * Thursday 16:00-20:30 answers Thursday 20:30, not the next midnight. A value that is no time of day is an error of
 * the build at the rule. A window rule that matches facts another rule inserts is decided with the whole policy.
 * Each holds with the rules compiled from DRL and to the executable model (through a cache of compiled rules).
 */
class DeclaredWindowEdgesTest {
    private static final String HEADER = """
            package org.deploypolicy.edges;

            import java.time.DayOfWeek;
            import java.time.LocalTime;
            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            """;

    /** Thursday 4 July 2030, 17:00 in Berlin (core-test's zone): inside 16:00-20:30. */
    private static final OffsetDateTime THURSDAY_EVENING = OffsetDateTime.parse("2030-07-04T17:00:00+02:00");

    @TempDir
    Path dir;
    @TempDir
    Path cache;

    private DeploymentPolicy build(boolean model, String rules, String params) {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("edges.drl"), HEADER + rules);
        if (!params.isEmpty()) {
            TestPolicies.write(dir.resolve("policy.yaml"), TestPolicies.coreSettings() + "\nparams:\n" + params);
        }
        DeploymentPolicy.Builder builder = DeploymentPolicy.builder().directory(dir);
        return (model ? builder.compiledRulesCache(cache) : builder).build();
    }

    private static String lateRule(String window) {
        return """
                rule "late"
                    @id("window.late")
                    %s
                when
                    $d : Deployment( production, day == DayOfWeek.THURSDAY,
                                     time >= LocalTime.of(16, 0), time < LocalTime.of(20, 30) )
                then
                    findings.block("no deploys from 16:00 to 20:30 on Thursdays");
                end
                """.formatted(window);
    }

    private static OffsetDateTime nextAllowed(DeploymentPolicy policy, OffsetDateTime at) {
        return policy.evaluate(Requests.deploymentTo("prod", at)).nextAllowed().orElseThrow().at();
    }

    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void aDeclaredEdgeIsTriedOnEveryDay(boolean model) {
        DeploymentPolicy policy = build(model, lateRule("@window(\"16:00\", \"20:30\")"), "");

        assertEquals(OffsetDateTime.parse("2030-07-04T20:30:00+02:00"), nextAllowed(policy, THURSDAY_EVENING));
    }

    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void anEdgeMayBeNamedByAParamsText(boolean model) {
        DeploymentPolicy policy = build(model, lateRule("@window(\"lateFrom\", \"lateUntil\")"),
                "  lateFrom: \"16:00\"\n  lateUntil: \"20:30\"\n");

        assertEquals(OffsetDateTime.parse("2030-07-04T20:30:00+02:00"), nextAllowed(policy, THURSDAY_EVENING));
    }

    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void aPlainWindowDeclaresNoEdgeAndIsAnsweredAtTheNextTimeTheSettingsName(boolean model) {
        DeploymentPolicy policy = build(model, lateRule("@window"), "");

        assertEquals(OffsetDateTime.parse("2030-07-05T00:00:00+02:00"), nextAllowed(policy, THURSDAY_EVENING));
    }

    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void aValueThatIsNoEdgeIsAnErrorOfTheBuildAtTheRule(boolean model) {
        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> build(model,
                lateRule("@window(\"16:00\", \"4pm\", \"lateUntil\", \"lateCount\", \"lateNote\")"),
                "  lateCount: 3\n  lateNote: \"evening\"\n"));

        List<String> problems = error.problems().stream()
                .map(p -> p.file() + ":" + p.line().orElse(-1) + ": " + p.message()).toList();
        assertEquals(4, problems.size(), problems.toString());
        assertEquals("edges.drl:9: rule \"late\": @window(\"4pm\") is no time of day: write each edge as HH:MM "
                + "(00:00 to 23:59), like @window(\"16:00\", \"20:30\"), or as the name of a params text holding one",
                problems.get(0));
        assertEquals("edges.drl:9: rule \"late\": @window(\"lateUntil\") names no time of day and no params defines "
                + "\"lateUntil\" (policy.yaml defines lateCount, lateNote)", problems.get(1));
        assertEquals("edges.drl:9: rule \"late\": @window(\"lateCount\") names params.lateCount, which holds 3, not a "
                + "time of day HH:MM in quotes (like lateCount: \"16:00\")", problems.get(2));
        assertEquals("edges.drl:9: rule \"late\": @window(\"lateNote\") names params.lateNote, which holds evening, "
                + "not a time of day HH:MM in quotes (like lateNote: \"16:00\")", problems.get(3));
    }

    /**
     * On Thursdays another rule inserts a fact of a declared type, and the window rule blocks when it is there:
     * decided with the window rules alone, the request would pass at the preferred window's start (10:00).
     */
    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void aWindowRuleOnAFactAnotherRuleInsertsIsDecidedWithTheWholePolicy(boolean model) {
        DeploymentPolicy policy = build(model, """
                declare ReleaseDay
                end

                rule "release day"
                    @id("team.release-day")
                when
                    Deployment( production, day == DayOfWeek.THURSDAY )
                then
                    insert(new ReleaseDay());
                end

                rule "not on release day"
                    @id("window.release-day")
                    @window
                when
                    Deployment( production )
                    ReleaseDay()
                then
                    findings.block("not on release day");
                end
                """, "");

        assertEquals(OffsetDateTime.parse("2030-07-05T00:00:00+02:00"),
                nextAllowed(policy, OffsetDateTime.parse("2030-07-04T09:00:00+02:00")));
    }

    @org.junit.jupiter.api.Test
    void verifyFindsAWindowRuleWhoseFindingsChangeAtATimeOfDayItDoesNotDeclare() {
        DeploymentPolicy policy = build(false, lateRule("@window(\"16:00\")"), "");

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> policy.exercise(List.of()));

        PolicyProblem problem = error.problems().stream().filter(p -> p.file().equals("edges.drl")).findFirst()
                .orElseThrow(() -> new AssertionError(error.problems().toString()));
        assertEquals(9, problem.line().getAsInt());
        assertEquals("rule \"late\" (window.late): its findings change at 20:30 (first at Thursday 2030-01-10 20:30 "
                + "+01:00), a time of day its @window does not declare: the next-allowed search would answer later than "
                + "the window opens. Declare each: @window(\"16:00\", \"20:30\")", problem.message());
    }

    @org.junit.jupiter.api.Test
    void verifyAcceptsAWindowRuleThatDeclaresEveryEdge() {
        DeploymentPolicy policy = build(false, lateRule("@window(\"16:00\", \"20:30\")"), "");

        List<PolicyProblem> warnings = policy.exercise(List.of());

        assertEquals(List.of(), warnings.stream().filter(w -> w.file().equals("edges.drl")).toList());
    }

    @org.junit.jupiter.api.Test
    void verifyWarnsAboutARuleNotMarkedWindowWhoseFindingsChangeWithTheTimeAlone() {
        DeploymentPolicy policy = build(false, lateRule("").replace("window.late", "team.late"), "");

        List<PolicyProblem> warnings = policy.exercise(List.of()).stream()
                .filter(w -> w.file().equals("edges.drl")).toList();

        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(9, warnings.get(0).line().getAsInt());
        assertEquals("rule \"late\" (team.late): its findings change with the time alone (at Thursday 2030-01-10 "
                + "16:00 +01:00, the same request a minute earlier differs), but it is not marked @window: a decision it "
                + "blocks gets no next allowed time. Mark it @window(\"16:00\"), with each time of day its window "
                + "changes at", warnings.get(0).message());
    }
}
