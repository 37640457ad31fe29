package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.deploypolicy.cli.FromGitHubCommandTest.GITHUB;
import static org.deploypolicy.cli.FromGitHubCommandTest.RELEASE_HEAD;
import static org.deploypolicy.cli.FromGitHubCommandTest.assertFinding;
import static org.deploypolicy.cli.FromGitHubCommandTest.built;
import static org.deploypolicy.cli.FromGitHubCommandTest.evaluated;
import static org.deploypolicy.cli.FromGitHubCommandTest.release;
import static org.deploypolicy.cli.FromGitHubCommandTest.releaseFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.Approval;
import org.deploypolicy.Channel;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Reviews;
import org.deploypolicy.Verdict;
import org.deploypolicy.github.GitHubRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code from-github} on what {@code gh} really prints: every page of reviews and check runs, one after the other
 * ({@code gh api --paginate}) or in one array ({@code --slurp}); the event file of a GitHub Actions run; reviews of
 * a commit GitHub no longer has ({@code "commit_id": null}).
 */
class FromGitHubPagesTest {
    @TempDir
    Path dir;

    /**
     * Page 1 of the release's reviews holds 30 (GitHub's page size, oldest first) with selam's approval of the head;
     * page 2 holds selam's later review, dismissed. Read from page 1 alone, selam's approval would stand and the
     * release would be approved.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"release-reviews-paginated.json", "release-reviews-slurped.json"})
    void aReviewDismissedOnTheSecondPageLeavesNoApproval(String reviews) {
        DeploymentRequest request = built(release(reviews, "release-checks.json"));
        assertEquals(List.of(), request.approvals());
        assertEquals(new Reviews(1, true), request.reviews());
        CommandLineTest.Run decision = evaluated(release(reviews, "release-checks.json"));
        assertEquals(2, decision.exit(), decision.out());
        assertFinding(decision, "approval.tech-lead", "REQUIRE");
    }

    @Test
    void thePagesOfReviewsReadAsTheirReviewsInOneArray() throws IOException {
        Path merged = dir.resolve("merged.json");
        String pages = Files.readString(GITHUB.resolve("release-reviews-paginated.json"));
        Files.writeString(merged, pages.replace("][", ","));
        assertEquals(built(release(merged.toString(), "release-checks.json")),
                built(release("release-reviews-paginated.json", "release-checks.json")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"release-checks-paginated.json", "release-checks-slurped.json"})
    void checkRunsInPagesReadAsInOnePage(String checks) {
        CommandLineTest.Run run = run(release("release-reviews.json", checks));
        assertEquals(0, run.exit(), run.err());
        assertEquals(built(release("release-reviews.json", "release-checks.json")),
                built(release("release-reviews.json", checks)));
    }

    @Test
    void aLostPageOfCheckRunsIsAnError() throws IOException {
        Path checks = dir.resolve("checks.json");
        List<String> pages = Files.readAllLines(GITHUB.resolve("release-checks-paginated.json"));
        Files.writeString(checks, pages.get(0) + "\n" + pages.get(0) + "\n");
        CommandLineTest.Run run = run(release("release-reviews.json", checks.toString()));
        assertEquals(3, run.exit());
        assertEquals(checks + ": $[*].check_runs: the 2 pages list 3 of 5 check runs (total_count): save every page "
                + "(gh api --paginate)", run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void theEventFileOfAnActionsRunGivesItsPullRequest() {
        CommandLineTest.Run run = run(releaseFrom("release-event.json", "release-reviews.json", "release-checks.json"));
        assertEquals(0, run.exit(), run.err());
        assertEquals(built(release("release-reviews.json", "release-checks.json")),
                built(releaseFrom("release-event.json", "release-reviews.json", "release-checks.json")));
    }

    @Test
    void aPullRequestSavedWithSlurpIsOnePage() throws IOException {
        Path slurped = dir.resolve("pull.json");
        Files.writeString(slurped, "[" + Files.readString(GITHUB.resolve("release-pull.json")) + "]");
        assertEquals(built(release("release-reviews.json", "release-checks.json")),
                built(releaseFrom(slurped.toString(), "release-reviews.json", "release-checks.json")));
    }

    @Test
    void anApprovalOfACommitGitHubNoLongerHasIsStale() {
        DeploymentRequest request = built(release("release-reviews-force-pushed.json", "release-checks.json"));
        assertEquals(List.of(new Approval("selam", "TECH_LEAD", Verdict.APPROVED,
                        Optional.of(GitHubRequest.UNKNOWN_COMMIT), Channel.PULL_REQUEST, Optional.empty(),
                        Optional.of(OffsetDateTime.parse("2026-11-24T06:40:12Z")))),
                request.approvals());
        assertEquals(new Reviews(1, true), request.reviews());
        CommandLineTest.Run decision = evaluated(release("release-reviews-force-pushed.json", "release-checks.json"));
        assertEquals(2, decision.exit(), decision.out());
        assertFinding(decision, "approval.stale", "ADVISE");
        assertFinding(decision, "approval.tech-lead", "REQUIRE");
        assertTrue(decision.out().contains("selam approved a commit GitHub no longer has, not the head commit "
                + RELEASE_HEAD), decision.out());
        assertFalse(decision.out().contains("\"outcome\": \"APPROVED\""), decision.out());
    }

    @Test
    void aRejectionOfACommitGitHubNoLongerHasStillBlocks() {
        DeploymentRequest request = built(release("release-reviews-force-pushed-rejected.json",
                "release-checks.json"));
        assertEquals(List.of("selam TECH_LEAD REJECTED " + GitHubRequest.UNKNOWN_COMMIT),
                request.approvals().stream().map(a -> a.by() + " " + a.role() + " " + a.verdict() + " "
                        + a.commit().orElseThrow()).toList());
        CommandLineTest.Run decision = evaluated(release("release-reviews-force-pushed-rejected.json",
                "release-checks.json"));
        assertEquals(1, decision.exit(), decision.out());
        assertTrue(decision.out().contains("\"outcome\": \"REJECTED\""), decision.out());
        assertFinding(decision, "approval.tech-lead", "BLOCK");
    }
}
