package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.deploypolicy.cli.FromGitHubCommandTest.GITHUB;
import static org.deploypolicy.cli.FromGitHubCommandTest.OLDER_COMMIT;
import static org.deploypolicy.cli.FromGitHubCommandTest.RELEASE_HEAD;
import static org.deploypolicy.cli.FromGitHubCommandTest.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.PolicyJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code from-github} leaves out, or builds though it is likely not what was meant, is said on standard error
 * as a warning ({@code FILE: $.path: warning: ...}); the request is printed all the same and the exit code is 0.
 */
class FromGitHubWarningsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PULL = GITHUB.resolve("release-pull.json").toString();

    @TempDir
    Path dir;

    /** Runs {@code from-github}, checks it built a request, and returns its warnings. */
    private static List<String> warnings(String... args) {
        CommandLineTest.Run run = run(args);
        assertEquals(0, run.exit(), run.err());
        PolicyJson.readRequest(run.out());
        return run.err().lines().toList();
    }

    /** The release pull request with some fields changed. */
    private Path pull(Consumer<ObjectNode> change) throws IOException {
        ObjectNode pull = (ObjectNode) JSON.readTree(GITHUB.resolve("release-pull.json").toFile());
        change.accept(pull);
        Path file = dir.resolve("pull.json");
        JSON.writeValue(file.toFile(), pull);
        return file;
    }

    @Test
    void checkRunsOfAnotherCommitAreLeftOutWithAWarningThatCountsThem() {
        Path checks = GITHUB.resolve("release-checks.json");
        assertEquals(List.of(checks + ": $.check_runs: warning: 1 of 5 check runs is left out: it ran on "
                        + OLDER_COMMIT + ", not on the head commit " + RELEASE_HEAD),
                warnings("from-github", "--pull", PULL, "--checks", checks.toString()));
    }

    @Test
    void checkRunsOfSeveralOtherCommitsAreCountedByCommit() throws IOException {
        String run = """
                {"id": %d, "name": "api-tests", "head_sha": "%s", "status": "completed", "conclusion": "success"}""";
        Path checks = Files.writeString(dir.resolve("checks.json"), "[{\"total_count\": 4, \"check_runs\": ["
                + run.formatted(1, OLDER_COMMIT) + ", " + run.formatted(2, RELEASE_HEAD) + "]},"
                + " {\"total_count\": 4, \"check_runs\": [" + run.formatted(3, OLDER_COMMIT) + ", "
                + run.formatted(4, "0123456789abcdef0123456789abcdef01234567") + "]}]");
        assertEquals(List.of(checks + ": $[*].check_runs: warning: 3 of 4 check runs are left out: they ran on other "
                        + "commits (2 on " + OLDER_COMMIT + ", 1 on 0123456789abcdef0123456789abcdef01234567), not on "
                        + "the head commit " + RELEASE_HEAD),
                warnings("from-github", "--pull", PULL, "--checks", checks.toString()));
    }

    @Test
    void aDraftIsBuiltWithAWarning() throws IOException {
        Path draft = pull(pr -> pr.put("draft", true));
        assertEquals(List.of(draft + ": $.draft: warning: pull request #298 is a draft, not yet ready for review"),
                warnings("from-github", "--pull", draft.toString()));
    }

    @Test
    void aPullRequestClosedWithoutMergingIsBuiltWithAWarning() throws IOException {
        Path closed = pull(pr -> pr.put("state", "closed").put("closed_at", "2026-11-24T07:30:00Z"));
        assertEquals(List.of(closed + ": $.state: warning: pull request #298 is closed without being merged"),
                warnings("from-github", "--pull", closed.toString()));
    }

    @Test
    void aMergedPullRequestIsBuiltWithoutAWarning() throws IOException {
        Path merged = pull(pr -> pr.put("state", "closed").put("merged", true)
                .put("closed_at", "2026-11-24T07:30:00Z").put("merged_at", "2026-11-24T07:30:00Z"));
        assertEquals(List.of(), warnings("from-github", "--pull", merged.toString()));
    }

    @Test
    void theWarningsOfAnEventFileNameItsPaths() throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(GITHUB.resolve("release-event.json").toFile());
        ((ObjectNode) event.get("pull_request")).put("draft", true);
        Path file = dir.resolve("event.json");
        JSON.writeValue(file.toFile(), event);
        assertEquals(List.of(file + ": $.pull_request.draft: warning: pull request #298 is a draft, not yet ready "
                + "for review"), warnings("from-github", "--pull", file.toString()));
    }

    @Test
    void aRoleNoRuleOfTheReferencePolicyNamesGetsAWarning() {
        CommandLineTest.Run run = run(release("release-reviews.json", "release-checks.json",
                "--role", "selam=TECHLEAD"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().lines().anyMatch(("--role selam=TECHLEAD: warning: the policy \"reference\" names no "
                + "role TECHLEAD (it names CEO, ON_CALL, TECH_LEAD); an approval in it counts for nothing")::equals),
                run.err());
        assertTrue(run.err().lines().noneMatch(line -> line.startsWith("--role selam=TECH_LEAD:")), run.err());
    }

    @Test
    void theRolesOfAPolicyDirectoryAreItsRostersItsGrantorsAndThoseOfItsRules() throws IOException {
        Files.writeString(dir.resolve("policy.yaml"), """
                extends: reference
                name: team
                roster:
                  - { id: hana, roles: [QA_LEAD] }
                waivers:
                  grantedBy: [RELEASE_MANAGER]
                """);
        Files.writeString(dir.resolve("team.drl"), """
                package team;

                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                // "A payment change needs a site reliability engineer."
                rule "team.sre"
                    @id("team.sre")
                when
                    Deployment( production, change.paymentRelated )
                then
                    findings.requireRole("SRE");
                end
                """);
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--policy", dir.toString(),
                "--role", "hana=QA_LEAD", "--role", "meron=RELEASE_MANAGER", "--role", "kebede=SRE",
                "--role", "selam=TECH_LEAD", "--role", "selam=TECHLEAD");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("--role selam=TECHLEAD: warning: the policy \"team\" names no role TECHLEAD (it names "
                + "CEO, ON_CALL, QA_LEAD, RELEASE_MANAGER, SRE, TECH_LEAD); an approval in it counts for nothing"),
                run.err().lines().toList());
    }

    @Test
    void aPolicyThatCannotBeBuiltIsAnError() {
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--policy", dir.resolve("missing").toString(),
                "--role", "selam=TECH_LEAD");
        assertEquals(3, run.exit());
        assertTrue(run.err().contains("missing"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aRoleThatIsNoRoleNameIsAUsageErrorSayingSo() {
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--role", "selam=tech_lead");
        assertEquals(64, run.exit(), run.err());
        assertTrue(run.err().contains("with a role name (capital letters, digits and _, starting with a letter); "
                + "was 'selam=tech_lead'"), run.err());
        assertEquals("", run.out());
    }
}
