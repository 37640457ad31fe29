package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings that cannot work are {@link InvalidPolicyException}s when the policy is built, each a
 * {@link PolicyProblem} whose message starts with the key path ({@code windows.preferred.to: ...}) in
 * {@code policy.yaml}, at the key's line and column where the key is in the file. Settings problems are found
 * before any rule is compiled, so these builds are quick.
 */
class PolicySettingsTest {
    private static final String SETTINGS = TestPolicies.coreSettings();
    private static final String RULE = """
            package org.deploypolicy.settingstest;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            rule "tiny"
                @id("tiny.rule")
            when
                Deployment()
            then
                findings.advise("tiny");
            end
            """;

    @TempDir
    Path dir;

    private InvalidPolicyException buildFails(String settings) {
        TestPolicies.write(dir.resolve("policy.yaml"), settings);
        return assertThrows(InvalidPolicyException.class, () -> DeploymentPolicy.builder().directory(dir).build());
    }

    private static PolicyProblem onlyProblem(InvalidPolicyException error) {
        assertEquals(1, error.problems().size(), Requests.describe(error));
        return error.problems().get(0);
    }

    /** The settings with {@code line} (which must be there once) replaced by {@code replacement}. */
    private static String replaceLine(String settings, String line, String replacement) {
        List<String> lines = List.of(settings.split("\n", -1));
        assertEquals(1, lines.stream().filter(line::equals).count(), "the settings have the line once: " + line);
        return String.join("\n", lines.stream().map(l -> l.equals(line) ? replacement : l).toList());
    }

    /** The 1-based number of the line equal to {@code line}, which must be there once. */
    private static int lineOf(String settings, String line) {
        List<String> lines = List.of(settings.split("\n", -1));
        assertEquals(1, lines.stream().filter(line::equals).count(), "the settings have the line once: " + line);
        return lines.indexOf(line) + 1;
    }

    /** The 1-based column where the line's key starts. */
    private static int keyColumn(String line) {
        return line.length() - line.stripLeading().length() + 1;
    }

    private static void assertAt(PolicyProblem problem, String key, int line) {
        assertEquals("policy.yaml", problem.file(), problem.describe());
        assertTrue(problem.message().startsWith(key + ": "), problem.describe());
        assertEquals(OptionalInt.of(line), problem.line(), problem.describe());
    }

    @Test
    void theTestSettingsAreComplete() {
        TestPolicies.write(dir.resolve("policy.yaml"), SETTINGS);

        assertEquals("core-test", DeploymentPolicy.builder().directory(dir).build().id().name());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            zone: Europe/Berlin                          | zone: Mars/Olympus                           | zone
            zone: Europe/Berlin                          | zone: EAT                                    | zone
            name: core-test                              | name: " "                                    | name
            `    to: "12:00"`                            | `    to: "09:30"`                            | windows.preferred.to
            `    to: "12:00"`                            | `    to: "10:00"`                            | windows.preferred.to
            `    from: "10:00"`                          | `    from: "ten"`                            | windows.preferred.from
            `      to: "2031-01-02T00:00:00+01:00"`      | `      to: "2030-12-19T00:00:00+01:00"`      | windows.freezes[0].to
            `      to: "2031-01-02T00:00:00+01:00"`      | `      to: "2031-01-02T00:00:00"`            | windows.freezes[0].to
            `      to: "2031-01-02T00:00:00+01:00"`      | `      to: "2031-01-02T00:00:00+01"`         | windows.freezes[0].to
            `      to: "2031-01-02T00:00:00+01:00"`      | `      to: "2031-01-02T00:00:00+01:00:30"`   | windows.freezes[0].to
            `  criticalOnlyDays: [MONDAY]`               | `  criticalOnlyDays: [monday]`               | windows.criticalOnlyDays[0]
            `  critical: [P1, P2, P3]`                   | `  critical: [P1, P7]`                       | severity.critical[1]
            `  path: [develop, release, prod]`           | `  path: []`                                 | branches.path
            `  required: {release: 1, prod: 2}`          | `  required: {release: 1, prod: -2}`         | reviews.required.prod
            `  apiErrorThreshold: 0.1`                   | `  apiErrorThreshold: 1.5`                   | rollback.apiErrorThreshold
            `  apiErrorThreshold: 0.1`                   | `  apiErrorThreshold: -0.01`                 | rollback.apiErrorThreshold
            `  apiErrorThreshold: 0.1`                   | `  apiErrorThreshold: ten percent`           | rollback.apiErrorThreshold
            `  monitoring: PT15M`                        | `  monitoring: 15 minutes`                   | obligations.monitoring
            `  postIncident: PT12H`                      | `  postIncident: -PT12H`                     | obligations.postIncident
            roster: []                                   | `roster: [{id: ana, roles: [LEAD], phone: 1}]` | roster[0].phone
            """)
    void aValueThatCannotWorkIsNamedByItsKeyAndLine(String line, String replacement, String key) {
        String settings = replaceLine(SETTINGS, line, replacement);

        assertAt(onlyProblem(buildFails(settings)), key, lineOf(settings, replacement));
    }

    @Test
    void anUnknownKeyAtTheTopIsNamedWithItsLineAndColumn() {
        String settings = SETTINGS + "zonee: UTC\n";

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "zonee", lineOf(settings, "zonee: UTC"));
        assertEquals(OptionalInt.of(1), problem.column());
        assertTrue(problem.message().contains("unknown"), problem.describe());
    }

    @Test
    void anUnknownNestedKeyIsNamedByItsPath() {
        String settings = replaceLine(SETTINGS, "    to: \"12:00\"", "    to: \"12:00\"\n    hours: 2");

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "windows.preferred.hours", lineOf(settings, "    hours: 2"));
        assertEquals(OptionalInt.of(keyColumn("    hours: 2")), problem.column());
    }

    @Test
    void aMissingKeyIsNamedInThePolicysSettingsFile() {
        String settings = SETTINGS.replace("rollback:\n  apiErrorThreshold: 0.1\n", "");
        assertTrue(settings.length() < SETTINGS.length());

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertEquals("policy.yaml", problem.file());
        assertTrue(problem.message().startsWith("rollback: missing"), problem.describe());
        assertEquals(OptionalInt.empty(), problem.line(), "a missing key has no line");
    }

    @Test
    void aMissingNestedKeyIsNamedByItsPath() {
        String settings = SETTINGS.replace("  postIncident: PT12H\n", "");

        assertTrue(onlyProblem(buildFails(settings)).message().startsWith("obligations.postIncident: missing"));
    }

    @Test
    void aPreferredWindowThatEndsBeforeItStartsIsNamedAtItsEnd() {
        String settings = replaceLine(SETTINGS, "    to: \"12:00\"", "    to: \"09:00\"");

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "windows.preferred.to", lineOf(settings, "    to: \"09:00\""));
        assertEquals(OptionalInt.of(5), problem.column());
    }

    @Test
    void aFreezeThatEndsBeforeItStartsIsNamedByItsIndex() {
        String end = "      to: \"2030-12-01T00:00:00+01:00\"";
        String settings = replaceLine(SETTINGS, "      to: \"2031-01-02T00:00:00+01:00\"", end);

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "windows.freezes[0].to", lineOf(settings, end));
        assertEquals(OptionalInt.of(keyColumn(end)), problem.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "0.0", "1.0", "0.05"})
    void aThresholdFromZeroToOneIsAccepted(String threshold) {
        TestPolicies.write(dir.resolve("policy.yaml"),
                replaceLine(SETTINGS, "  apiErrorThreshold: 0.1", "  apiErrorThreshold: " + threshold));

        DeploymentPolicy policy = DeploymentPolicy.builder().directory(dir).build();

        assertEquals(Double.parseDouble(threshold), policy.settings().rollback().apiErrorThreshold());
    }

    @Test
    void aDisabledRuleIdThatNoRuleHasIsNamedByItsIndex() {
        TestPolicies.write(dir.resolve("tiny.drl"), RULE);
        String settings = replaceLine(SETTINGS, "disabled: []", "disabled: [tiny.rule, no.such.rule]");

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "disabled[1]", lineOf(settings, "disabled: [tiny.rule, no.such.rule]"));
        assertTrue(problem.message().contains("no.such.rule"), problem.describe());
    }

    @Test
    void aDuplicateKeyAtTheTopIsNamedAtItsSecondLine() {
        String settings = SETTINGS + "zone: UTC\n";

        assertAt(onlyProblem(buildFails(settings)), "zone", lineOf(settings, "zone: UTC"));
    }

    @Test
    void aDuplicateNestedKeyIsNamedByItsPath() {
        String settings = replaceLine(SETTINGS, "    from: \"10:00\"", "    from: \"10:00\"\n    from: \"11:00\"");

        assertAt(onlyProblem(buildFails(settings)), "windows.preferred.from", lineOf(settings, "    from: \"11:00\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"- zone\n- name\n", "just words\n", "42\n", "", "# only a comment\n"})
    void aFileThatIsNotAMapOfSettingsIsAnError(String settings) {
        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertEquals("policy.yaml", problem.file());
        assertTrue(problem.message().contains("map of settings"), problem.describe());
    }

    @Test
    void yamlThatCannotBeParsedIsAnErrorWithItsLine() {
        String settings = replaceLine(SETTINGS, "  hotfix: \"urgent/*\"", "  hotfix: [urgent/*");

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertEquals("policy.yaml", problem.file());
        assertTrue(problem.line().isPresent(), problem.describe());
    }

    @Test
    void aDirectoryWithoutPolicyYamlIsAnError() {
        TestPolicies.write(dir.resolve("tiny.drl"), RULE);

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build());

        PolicyProblem problem = onlyProblem(error);
        assertEquals("policy.yaml", problem.file());
        assertTrue(problem.message().contains("missing"), problem.describe());
    }

    @Test
    void aDirectoryThatDoesNotExistIsAnError() {
        Path nowhere = dir.resolve("nowhere");

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(nowhere).build());

        assertEquals(nowhere.toString(), onlyProblem(error).file());
    }

    @Test
    void aClasspathPolicyThatDoesNotExistIsAnError() {
        InvalidPolicyException error = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().classpath("no-such-policy").build());

        assertTrue(onlyProblem(error).message().contains("no-such-policy"), error.getMessage());
    }

    @Test
    void extendingAPolicyThatDoesNotExistIsNamedAtTheExtendsKey() {
        String settings = "extends: no-such-policy\n" + SETTINGS;

        PolicyProblem problem = onlyProblem(buildFails(settings));

        assertAt(problem, "extends", 1);
        assertTrue(problem.message().contains("no-such-policy"), problem.describe());
    }

    @Test
    void everyProblemOfTheSettingsIsReportedAtOnceInLineOrder() {
        String settings = SETTINGS.replace("zone: Europe/Berlin", "zone: Mars/Olympus")
                .replace("    to: \"12:00\"", "    to: \"09:00\"")
                .replace("  apiErrorThreshold: 0.1", "  apiErrorThreshold: 2")
                .replace("  postIncident: PT12H\n", "")
                + "zonee: UTC\n";

        InvalidPolicyException error = buildFails(settings);

        assertEquals(List.of("obligations.postIncident", "zone", "windows.preferred.to", "rollback.apiErrorThreshold",
                "zonee"), error.problems().stream().map(p -> p.message().substring(0, p.message().indexOf(':'))).toList());
        assertEquals(List.of(OptionalInt.empty(), OptionalInt.of(lineOf(settings, "zone: Mars/Olympus")),
                OptionalInt.of(lineOf(settings, "    to: \"09:00\"")),
                OptionalInt.of(lineOf(settings, "  apiErrorThreshold: 2")), OptionalInt.of(lineOf(settings, "zonee: UTC"))),
                error.problems().stream().map(PolicyProblem::line).toList());
        assertEquals("INVALID_POLICY", error.code());
    }

    @Test
    void settingsThatAreNotUtf8AreNamedByTheByteNotTheReader() throws java.io.IOException {
        byte[] bytes = SETTINGS.replace("name: core-test", "name: core-t\u00e9st").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.file.Files.write(dir.resolve("policy.yaml"), bytes);

        PolicyProblem problem = onlyProblem(assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(dir).build()));

        int offset = SETTINGS.indexOf("name: core-test") + "name: core-t".length();
        assertEquals("policy.yaml: not UTF-8 text: byte 0xE9 at byte offset " + offset
                + " does not start or continue a character", problem.describe());
    }

    @Test
    void aKeyGivenTwiceIsSaidInTheSettingsTermsNotTheReaders() {
        PolicyProblem problem = onlyProblem(buildFails(SETTINGS.replace("name: core-test", "name: core-test\nname: again")));

        assertEquals("name: the key \"name\" appears twice in one object", problem.message(), problem.describe());
    }

    @Test
    void aYamlSyntaxErrorIsOneLineWithItsPosition() {
        PolicyProblem problem = onlyProblem(buildFails(SETTINGS.replace("zone: Europe/Berlin", "zone: [Europe/Berlin")));

        assertTrue(problem.line().isPresent(), problem.describe());
        assertTrue(!problem.message().contains("\n") && !problem.message().contains("reader"), problem.describe());
    }
}
