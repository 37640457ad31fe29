package org.deploypolicy.internal;

import static org.deploypolicy.internal.YamlReaders.noteAsScenario;
import static org.deploypolicy.internal.YamlReaders.noteAsSettings;
import static org.deploypolicy.internal.YamlReaders.problem;
import static org.deploypolicy.internal.YamlReaders.scenarios;
import static org.deploypolicy.internal.YamlReaders.settings;
import static org.deploypolicy.internal.YamlReaders.withNote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.Scenario;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code policy.yaml} and scenario files are read by one YAML reader: a value written the same way reads the same
 * in both (what the user wrote, not YAML 1.1's guesses), merge keys work in both, and what cannot be read is the same
 * problem in both, at its line and column, in the file's terms.
 */
class SettingsAndScenariosReadYamlAlikeTest {
    private static final String REQUEST = """
            - note: a feature on a Tuesday
              request: &feature
                kind: DEPLOYMENT
                id: DEP-1041
                at: 2026-11-24T10:30:00+03:00
                source: staging
                target: main
                requester: { id: abebe, roles: [DEVELOPER] }
                change: { type: FEATURE, major: false, breaking: false, paymentRelated: false,
                          databaseMigrations: false, author: abebe, headCommit: 77d0e3f }
                approvals: [ { by: selam, role: TECH_LEAD, verdict: APPROVED, commit: 77d0e3f } ]
              want: { outcome: APPROVED, findings: [] }
            - note: the same feature under another id, from another branch
              request:
                <<: *feature
                id: DEP-1042
                source: release
              want: { outcome: APPROVED, findings: [] }
            """;

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            yes                         | "yes"
            No                          | "No"
            on                          | "on"
            OFF                         | "OFF"
            y                           | "y"
            true                        | true
            False                       | false
            TRUE                        | true
            null                        | null
            ~                           | null
            ``                          | null
            5                           | 5
            -2                          | -2
            +3                          | 3
            0.05                        | 0.05
            .5                          | 0.5
            1e3                         | 1000.0
            99999999999999999999        | 99999999999999999999
            007                         | "007"
            0x1F                        | "0x1F"
            0o17                        | "0o17"
            1_000                       | "1_000"
            9:00                        | "9:00"
            09:00                       | "09:00"
            .inf                        | ".inf"
            .nan                        | ".nan"
            2026-11-27                  | "2026-11-27"
            2026-11-27T10:00:00+03:00   | "2026-11-27T10:00:00+03:00"
            <<                          | "<<"
            'true'                      | "true"
            `"5"`                       | "5"
            !!str 5                     | "5"
            !!int 5                     | 5
            [on, 5]                     | a list
            """)
    void aValueReadsTheSameInSettingsAndInAScenario(String written, String read) {
        assertEquals(read, noteAsSettings(withNote(written)), "settings");
        assertEquals(read, noteAsScenario(withNote(written)), "scenario");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!bool yes", "!!int 0x1F", "!!float .nan", "!foo x", "!!binary aGk=",
            "!!timestamp 2026-11-27", "!!python/object:java.lang.Runtime x", "*undefined", "[1, 2", "\"open", "'x' y",
            "a: b", "\t5"})
    void aValueThatCannotBeReadIsTheSameProblemInBothWithItsPlace(String written) {
        String settings = noteAsSettings(withNote(written));

        assertEquals(settings, noteAsScenario(withNote(written)));
        assertFalse(settings.startsWith("0:0"), "placed: " + settings);
        assertFalse(settings.matches("(?s).*(org\\.|yaml\\.|Exception|jackson|snake|\n).*"), settings);
    }

    @Test
    void aKeyGivenTwiceIsTheSameProblemInBoth() {
        String text = withNote("one") + "note: two\n";

        assertEquals("4:1: note: the key \"note\" appears twice in one object", problemInBoth(text));
    }

    @Test
    void aScenarioMergesARequestWithItsOwnKeysWinning() {
        List<Scenario> read = scenarios(REQUEST);

        DeploymentRequest first = (DeploymentRequest) read.get(0).request();
        DeploymentRequest second = (DeploymentRequest) read.get(1).request();
        assertEquals(List.of("DEP-1041", "staging"), List.of(first.id(), first.source()));
        assertEquals(List.of("DEP-1042", "release"), List.of(second.id(), second.source()));
        assertEquals(first.change(), second.change(), "merged");
        assertEquals(first.approvals(), second.approvals(), "merged");
    }

    @Test
    void settingsMergeAFreezeWithItsOwnKeysWinning() throws IOException {
        String settings = coreSettings().replace("""
                  freezes:
                    - name: year-end
                """, """
                  freezes:
                    - &year-end
                      name: year-end
                """).replace("      reason: year-end close\n", """
                      reason: year-end close
                    - <<: *year-end
                      name: mid-year
                      from: "2031-06-20T00:00:00+02:00"
                      to: "2031-06-22T00:00:00+02:00"
                """);
        assertTrue(settings.contains("    - <<: *year-end\n"), settings);

        SettingsReader reader = new SettingsReader();
        Settings read = reader.read(settings(settings));

        assertNotNull(read, reader.issues().toString());
        List<Freeze> freezes = read.windows().freezes();
        assertEquals(List.of("year-end", "mid-year"), freezes.stream().map(Freeze::name).toList());
        assertEquals("year-end close", freezes.get(1).reason(), "merged from the first");
    }

    @Test
    void aMergeOfSomethingButAMapIsAProblemAtItsPlace() {
        String text = "<<: [x]\n" + withNote("n");

        assertEquals("1:5: <<: merges a map or a list of maps (<<: *name or <<: [*one, *other])", problemInBoth(text));
    }

    @Test
    void anAliasInsideWhatItStandsForIsAProblemNotALoop() {
        String text = "loop: &loop [1, *loop]\n" + withNote("n");

        assertEquals("1:7: loop[1]: an alias stands for a list or map that contains it", problemInBoth(text));
    }

    @Test
    void aliasesThatExpandToTooManyValuesAreAProblemNotAHang() {
        StringBuilder text = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            text.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        String bomb = text + withNote("n");

        String problem = problemInBoth(bomb);

        assertTrue(problem.matches("[1-9]\\d*:[1-9]\\d*: l4\\[.*: more than 100000 values, each alias counted as the copy"
                + " it stands for"), problem);
    }

    @Test
    void aScenarioProblemIsPlacedAtItsLineAsASettingsProblemIs() {
        String text = "note: x\nrequest: {}\nwant: { outcom: APPROVED }\n";

        InvalidPolicyException error = assertThrows(InvalidPolicyException.class, () -> scenarios(text));

        assertEquals(Optional.of("3:9: want.outcom: unknown field; expected one of outcome, findings, obligations,"
                + " nextAllowed, error, paths"), error.problems().stream()
                .filter(p -> p.message().startsWith("want.outcom:")).findFirst()
                .map(p -> p.line().getAsInt() + ":" + p.column().getAsInt() + ": " + p.message()));
    }

    /** The one problem that {@code text} is, read as settings and read as scenarios alike. */
    private static String problemInBoth(String text) {
        String settings = problem(assertThrows(InvalidPolicyException.class, () -> settings(text)));
        assertEquals(settings, problem(assertThrows(InvalidPolicyException.class, () -> scenarios(text))), "scenarios");
        return settings;
    }

    private static String coreSettings() throws IOException {
        try (InputStream in = SettingsAndScenariosReadYamlAlikeTest.class.getClassLoader()
                .getResourceAsStream("deploy-policy/core-test/policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
