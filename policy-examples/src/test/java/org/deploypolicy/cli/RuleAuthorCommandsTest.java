package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a rule author does: init a policy, change it, test its scenarios, verify it. */
class RuleAuthorCommandsTest {

    private static CommandLineTest.Run run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void initCopiesTheWholeReferenceWhoseScenariosPass(@TempDir Path temp) {
        Path policy = temp.resolve("policy");
        CommandLineTest.Run init = run("init", policy.toString());
        assertEquals(0, init.exit(), init.err());
        assertTrue(Files.exists(policy.resolve("policy.yaml")));
        assertTrue(Files.exists(policy.resolve("windows.drl")));
        assertTrue(Files.exists(policy.resolve("scenarios/windows.yaml")));

        CommandLineTest.Run verify = run("verify", "--policy", policy.toString());
        assertEquals(0, verify.exit(), verify.err());
        CommandLineTest.Run test = run("test", "--policy", policy.toString());
        assertEquals(0, test.exit(), test.out());
        assertTrue(test.out().matches("(?s)\\d+ passed, 0 failed\\R"), test.out());
    }

    @Test
    void initWritesSettingsWhoseFirstLineNamesTheirSchemaForEditors(@TempDir Path temp) throws IOException {
        String id = new ObjectMapper().readTree(Schemas.FOLDER.resolve("policy.schema.json").toFile()).get("$id").asText();
        for (boolean extending : List.of(false, true)) {
            Path policy = temp.resolve(extending ? "extending" : "copy");
            CommandLineTest.Run init = extending ? run("init", "--extends", policy.toString()) : run("init", policy.toString());
            assertEquals(0, init.exit(), init.err());
            assertEquals("# yaml-language-server: $schema=" + id, Files.readAllLines(policy.resolve("policy.yaml")).get(0),
                    policy.toString());
        }
    }

    @Test
    void initWhereTheMachineCannotWriteIsIoFailedNamingTheFileNotARulesFailure(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");

        CommandLineTest.Run init = run("init", "--extends", file.resolve("team").toString());

        assertEquals(74, init.exit(), init.err());
        assertTrue(init.err().startsWith(file.toString()), init.err());
        assertTrue(!init.err().contains("Exception") && !init.err().contains("java."), init.err());
    }

    @Test
    void initNeverOverwrites(@TempDir Path policy) throws IOException {
        Files.writeString(policy.resolve("policy.yaml"), "name: mine\n");
        CommandLineTest.Run init = run("init", "--extends", policy.toString());
        assertEquals(64, init.exit());
        assertTrue(init.err().contains("init never overwrites"), init.err());
        assertEquals("name: mine\n", Files.readString(policy.resolve("policy.yaml")));
    }

    @Test
    void aTeamChangesItsPolicyAndItsOwnScenariosPass(@TempDir Path temp) throws IOException {
        Path policy = temp.resolve("team");
        assertEquals(0, run("init", "--extends", policy.toString()).exit());
        assertEquals(0, run("test", "--policy", policy.toString()).exit());

        Files.writeString(policy.resolve("policy.yaml"), """
                windows:
                  freezes:
                    - { name: year-end, from: 2026-12-20T00:00:00+03:00, to: 2027-01-05T00:00:00+03:00, reason: Closing }
                """, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(policy.resolve("scenarios/freeze.yaml"), """
                note: The year-end freeze holds a Tuesday release
                request:
                  kind: DEPLOYMENT
                  id: DEP-9
                  at: 2026-12-22T10:00:00+03:00
                  source: staging
                  target: main
                  requester: { id: abebe }
                  change: { type: FEATURE, major: false, breaking: false, paymentRelated: false,
                            databaseMigrations: false, author: abebe, headCommit: 4be1a2c, labels: [] }
                  approvals: [ { by: selam, role: TECH_LEAD, verdict: APPROVED, commit: 4be1a2c } ]
                  reviews: { approving: 1, codeOwnerApproved: true }
                  checks: { api-tests: PASSED, disaster-recovery-test: PASSED }
                  checklist: { securityScanCompleted: true, criticalVulnerabilities: 0, stagingVerified: true,
                               rollbackPlanDocumented: true }
                want:
                  outcome: REJECTED
                  findings: [ { rule: window.freeze, effect: BLOCK, subject: year-end } ]
                """);
        CommandLineTest.Run test = run("test", "--policy", policy.toString());
        assertEquals("3 passed, 0 failed", test.out().strip());
        assertEquals(0, test.exit());
    }

    @Test
    void aFailingScenarioShowsWhatItWantedBesideWhatItGot(@TempDir Path temp) throws IOException {
        Path policy = temp.resolve("team");
        assertEquals(0, run("init", "--extends", policy.toString()).exit());
        Path scenarios = policy.resolve("scenarios/release.yaml");
        Files.writeString(scenarios, Files.readString(scenarios)
                .replace("want: { outcome: APPROVED, findings: [] }",
                        "want: { outcome: PENDING, findings: [ { rule: approval.ceo, effect: REQUIRE } ] }"));
        CommandLineTest.Run test = run("test", "--policy", policy.toString());
        assertEquals(1, test.exit());
        assertTrue(test.out().contains("FAIL scenarios/release.yaml: A complete release on a Tuesday morning is approved"),
                test.out());
        assertTrue(test.out().contains("outcome: want PENDING, got APPROVED"), test.out());
        assertTrue(test.out().lines().anyMatch(line -> line.matches("\\s+- approval.ceo REQUIRE\\s*")), test.out());
        assertTrue(test.out().strip().endsWith("1 passed, 1 failed"), test.out());
    }

    @Test
    void anUnreadableScenarioExitsThree(@TempDir Path temp) throws IOException {
        Path scenario = temp.resolve("broken.yaml");
        Files.writeString(scenario, "note: x\nrequest: {}\nwant: { outcom: APPROVED }\n");
        CommandLineTest.Run test = run("test", scenario.toString());
        assertEquals(3, test.exit());
        assertTrue(test.err().contains("want.outcom: unknown field"), test.err());
    }

    @Test
    void verifyWarnsAndStrictFails(@TempDir Path temp) throws IOException {
        Path policy = temp.resolve("team");
        assertEquals(0, run("init", "--extends", policy.toString()).exit());
        Files.writeString(policy.resolve("team.drl"), """

                rule "our friday"
                    @id("window.friday")
                when
                    Deployment( production )
                then
                end
                """, java.nio.file.StandardOpenOption.APPEND);
        CommandLineTest.Run verify = run("verify", "--policy", policy.toString());
        assertEquals(0, verify.exit());
        assertTrue(verify.err().lines().anyMatch(line -> line.matches(
                "team\\.drl:\\d+:0: warning: rule \"our friday\" has the id window\\.friday of an inherited rule.*")),
                verify.err());
        assertEquals(1, run("verify", "--policy", policy.toString(), "--strict").exit());
    }

    @Test
    void verifyCatchesADeliberateMistakeWithItsPosition(@TempDir Path temp) throws IOException {
        Path policy = temp.resolve("team");
        assertEquals(0, run("init", "--extends", policy.toString()).exit());
        Files.writeString(policy.resolve("team.drl"), """

                rule "team.typo"
                    @id("team.typo")
                when
                    Deployment( producton )
                then
                end
                """, java.nio.file.StandardOpenOption.APPEND);
        CommandLineTest.Run verify = run("verify", "--policy", policy.toString());
        assertEquals(3, verify.exit());
        assertTrue(verify.err().lines().anyMatch(line -> line.matches("team\\.drl:\\d+:\\d+: .*producton.*")),
                verify.err());
    }
}
