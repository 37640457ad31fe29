package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        assertEquals(broken + ": $: unexpected \"}\" where a value should be at line 2, column 11", notJson.err().strip());
        assertEquals("", notJson.out());
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorNamingTheirOffsetAndAByteOrderMarkIsSkipped() throws IOException {
        byte[] pull = Files.readAllBytes(FromGitHubCommandTest.GITHUB.resolve("release-pull.json"));
        int title = new String(pull, StandardCharsets.UTF_8).indexOf("Release: search");
        byte[] stray = pull.clone();
        stray[title] = (byte) 0xFF;
        Path file = Files.write(dir.resolve("stray.json"), stray);
        CommandLineTest.Run run = run("from-github", "--pull", file.toString());
        assertEquals(3, run.exit());
        assertEquals(file + ": $: not UTF-8 text: byte 0xFF at byte offset " + title
                + " does not start or continue a character", run.err().strip());
        assertEquals("", run.out());

        byte[] marked = new byte[pull.length + 3];
        marked[0] = (byte) 0xEF;
        marked[1] = (byte) 0xBB;
        marked[2] = (byte) 0xBF;
        System.arraycopy(pull, 0, marked, 3, pull.length);
        Path bom = Files.write(dir.resolve("bom.json"), marked);
        CommandLineTest.Run withBom = run("from-github", "--pull", bom.toString());
        assertEquals(0, withBom.exit(), withBom.err());
    }

    @Test
    void aTruncatedFileIsAnErrorNamingWhereItEnds() throws IOException {
        String reviews = Files.readString(FromGitHubCommandTest.GITHUB.resolve("release-reviews.json"));
        String truncated = reviews.substring(0, reviews.indexOf("\"state\": \"APPROVED\"") + 10);
        List<String> lines = truncated.lines().toList();
        Path file = write("reviews.json", truncated);
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--reviews", file.toString());
        assertEquals(3, run.exit());
        assertEquals(file + ": $: the JSON ends early at line " + lines.size() + ", column "
                + (lines.get(lines.size() - 1).length() + 1), run.err().strip());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            [{"state": "APPROVED"}}                       | unexpected "}" at line 1, column 23
            [{"body": "\\u12"}]                           | an invalid escape sequence in a string at line 1, column 16
            [{"state": "APPROVED", "state": "DISMISSED"}] | the key "state" appears twice in one object at line 1, column 31
            ``                                            | the file is empty
            `\t `                                         | the file holds no JSON value, only white space
            """)
    void jsonThatCannotBeReadIsAnErrorInTheFilesTerms(String json, String message) throws IOException {
        Path reviews = write("reviews.json", json == null ? "" : json);
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--reviews", reviews.toString());
        assertEquals(3, run.exit());
        assertEquals(reviews + ": $: " + message, run.err().strip());
    }

    @Test
    void jsonNestedDeeperThanTheReaderTakesIsAnErrorNamingWhere() throws IOException {
        Path reviews = write("reviews.json", "[".repeat(1001) + "]".repeat(1001));
        CommandLineTest.Run run = run("from-github", "--pull", PULL, "--reviews", reviews.toString());
        assertEquals(3, run.exit());
        assertEquals(reviews + ": $: nested too deeply (more than 1000 levels) at line 1, column 1002",
                run.err().strip());
    }

    @Test
    void anEscapedUnpairedSurrogateIsNoText() throws IOException {
        String pull = Files.readString(FromGitHubCommandTest.GITHUB.resolve("release-pull.json"))
                .replace("\"Release: search", "\"\\ud800Release: search");
        Path file = write("pull.json", pull);
        CommandLineTest.Run run = run("from-github", "--pull", file.toString());
        assertEquals(3, run.exit());
        assertEquals(file + ": $.title: holds an unpaired surrogate (\\ud800), which is not text", run.err().strip());
    }

    @Test
    void aPullRequestFileHoldsOnePullRequest() throws IOException {
        String pull = Files.readString(FromGitHubCommandTest.GITHUB.resolve("release-pull.json"));
        Path two = write("two.json", pull + pull);
        CommandLineTest.Run run = run("from-github", "--pull", two.toString());
        assertEquals(3, run.exit());
        assertEquals(two + ": $: holds 2 JSON values one after the other; a pull request file holds one pull request",
                run.err().strip());
    }

    @Test
    void aFileThatIsNoPullRequestGetsOneLineSayingWhatToGive() {
        String reviews = FromGitHubCommandTest.GITHUB.resolve("hotfix-reviews.json").toString();
        CommandLineTest.Run run = run("from-github", "--pull", reviews);
        assertEquals(3, run.exit());
        assertEquals(reviews + ": $[0]: not a pull request (it has no \"head\"): save one with gh api "
                + "repos/OWNER/REPO/pulls/NUMBER, or give the event file of a pull_request or pull_request_review run "
                + "($GITHUB_EVENT_PATH)", run.err().strip());
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
                checks + ": $.check_runs: lists 1 of 2 check runs (total_count): save every page "
                        + "(gh api --paginate)",
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
