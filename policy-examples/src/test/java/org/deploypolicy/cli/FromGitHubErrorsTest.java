package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deploypolicy.CheckStatus;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.PolicyJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code from-github} on payloads it cannot use and flags it cannot read, and the check-run mapping in full. */
class FromGitHubErrorsTest {
    private static final String PULL = FromGitHubCommandTest.GITHUB.resolve("release-pull.json").toString();
    private static final String HEAD = FromGitHubCommandTest.RELEASE_HEAD;

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    private static String checkRun(long id, String name, String sha, String status, String conclusion) {
        return """
                {"id": %d, "name": "%s", "head_sha": "%s", "status": "%s", "conclusion": %s}"""
                .formatted(id, name, sha, status, conclusion == null ? "null" : "\"" + conclusion + "\"");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            completed,   success,         PASSED
            completed,   failure,         FAILED
            completed,   timed_out,       FAILED
            completed,   cancelled,       FAILED
            completed,   action_required, FAILED
            completed,   startup_failure, FAILED
            completed,   neutral,         PENDING
            completed,   skipped,         PENDING
            completed,   stale,           PENDING
            queued,      null,            PENDING
            in_progress, null,            PENDING
            waiting,     null,            PENDING
            requested,   null,            PENDING
            pending,     null,            PENDING
            """)
    void eachCheckRunStatusAndConclusionMapsAsTheContractSays(String status, String conclusion, CheckStatus expected)
            throws IOException {
        Path checks = write("checks.json", "{\"total_count\": 1, \"check_runs\": ["
                + checkRun(7, "api-tests", HEAD, status, conclusion) + "]}");
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--checks", checks.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(Map.of("api-tests", expected), ((DeploymentRequest) PolicyJson.readRequest(run.out())).checks());
    }

    @Test
    void aChangesRequestedReviewIsARejectionInEachRoleTheReviewerHolds() throws IOException {
        Path reviews = write("reviews.json", """
                [{"user": {"login": "Selam"}, "state": "APPROVED", "commit_id": "%1$s", "submitted_at": "2026-11-24T06:40:12Z"},
                 {"user": {"login": "selam"}, "state": "CHANGES_REQUESTED", "commit_id": "%1$s", "submitted_at": "2026-11-24T06:50:00Z"},
                 {"user": {"login": "selam"}, "state": "COMMENTED", "commit_id": "%1$s", "submitted_at": "2026-11-24T07:00:00Z"},
                 {"user": null, "state": "APPROVED", "commit_id": "%1$s", "submitted_at": "2026-11-24T07:05:00Z"}]
                """.formatted(HEAD));
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--reviews", reviews.toString(),
                "--role", "selam=TECH_LEAD", "--role", "SELAM=CEO", "--at", FromGitHubCommandTest.TUESDAY);
        assertEquals(0, run.exit(), run.err());
        DeploymentRequest request = (DeploymentRequest) PolicyJson.readRequest(run.out());
        assertEquals(List.of("TECH_LEAD REJECTED", "CEO REJECTED"),
                request.approvals().stream().map(a -> a.role() + " " + a.verdict()).toList());
        assertEquals(0, request.reviews().approving());
        assertEquals(1, CommandLineTest.withInput(run.out(), "evaluate", "-").exit());
    }

    @Test
    void anUnreadableFileIsNamed() throws IOException {
        CommandLineTest.Run missing = run("from-github", "--pull", "no-such-pull.json");
        assertEquals(3, missing.exit());
        assertEquals("no-such-pull.json: cannot read: no such file", missing.err().strip());
        Path broken = write("broken.json", "{\"number\": 298,\n \"title\": }");
        CommandLineTest.Run notJson = run("from-github", "--pull", broken.toString());
        assertEquals(3, notJson.exit());
        assertTrue(notJson.err().startsWith(broken + ":2:"), notJson.err());
        assertEquals("", notJson.out());
    }

    @Test
    void everyMissingFieldOfEveryFileIsNamedTogether() throws IOException {
        Path pull = write("pull.json", """
                {"number": "298", "title": "Release", "user": {}, "head": {"ref": "staging"}, "base": {"ref": "main"},
                 "labels": [{"name": "release"}, {"id": 5}]}""");
        Path reviews = write("reviews.json", """
                [{"user": {"login": "selam"}, "state": "approved", "commit_id": "%s"},
                 {"user": {"login": "yonas"}, "state": "APPROVED"}]""".formatted(HEAD));
        Path checks = write("checks.json", "{\"total_count\": 2, \"check_runs\": ["
                + checkRun(7, "api-tests", HEAD, "completed", null) + "]}");
        CommandLineTest.Run run = run("from-github", "--pull", pull.toString(), "--reviews", reviews.toString(),
                "--checks", checks.toString());
        assertEquals(3, run.exit());
        assertEquals(List.of(
                pull + ": $.labels[1].name: missing",
                pull + ": $.number: must be a whole number; was \"298\"",
                pull + ": $.user.login: missing",
                pull + ": $.head.sha: missing",
                reviews + ": $[0].state: must be one of APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING; "
                        + "was \"approved\"",
                reviews + ": $[1].commit_id: missing",
                checks + ": $.check_runs: lists 1 of 2 check runs (total_count): save every page "
                        + "(gh api --paginate --slurp, then merge the check_runs arrays)",
                checks + ": $.check_runs[0].conclusion: missing"), run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void aRequestTheContractRejectsIsReportedByItsPath() throws IOException {
        Path pull = write("pull.json", """
                {"number": 298, "title": "Release", "user": {"login": "abebe"}, "head": {"ref": "staging", "sha": " "},
                 "base": {"ref": "main"}, "labels": []}""");
        CommandLineTest.Run run = run("from-github", "--pull", pull.toString());
        assertEquals(3, run.exit());
        assertTrue(run.err().startsWith("$.change.headCommit: "), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            from-github
            from-github --pull PULL --severity p1
            from-github --pull PULL --type BUGFIX
            from-github --pull PULL --at tomorrow
            from-github --pull PULL --role selam
            from-github --pull PULL --role selam=tech_lead
            from-github --pull PULL --colour
            """)
    void badFlagsAreUsageErrors(String args) {
        CommandLineTest.Run usage = run(args.replace("PULL", PULL).split(" "));
        assertEquals(64, usage.exit(), usage.err());
        assertTrue(!usage.err().isBlank());
        assertEquals("", usage.out());
    }
}
