package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.deploypolicy.cli.CommandLineTest.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code from-github} on payloads recorded in the shape of GitHub's documented examples: the request it builds,
 * field by field, and what {@code evaluate} decides on it.
 */
class FromGitHubCommandTest {
    static final Path GITHUB = Path.of("src", "test", "resources", "github");
    static final String RELEASE_HEAD = "4be1a2c9d0e3f5a7b8c6d2e1f0a9b8c7d6e5f4a3";
    static final String OLDER_COMMIT = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c";
    static final String HOTFIX_HEAD = "c0ffee1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b";
    static final String TUESDAY = "2026-11-24T10:30:00+03:00";

    /** {@code from-github} for the release PR #298 on Tuesday morning, with these reviews and checks. */
    static String[] release(String reviews, String checks, String... more) {
        return releaseFrom("release-pull.json", reviews, checks, more);
    }

    /** As {@link #release}, with the pull request read from another file. */
    static String[] releaseFrom(String pull, String reviews, String checks, String... more) {
        List<String> args = new ArrayList<>(List.of("from-github",
                "--pull", GITHUB.resolve(pull).toString(),
                "--reviews", GITHUB.resolve(reviews).toString(),
                "--checks", GITHUB.resolve(checks).toString(),
                "--at", TUESDAY, "--role", "selam=TECH_LEAD", "--role", "abebe=DEVELOPER", "--code-owner", "yonas",
                "--from-body"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    static String[] hotfix(String... more) {
        List<String> args = new ArrayList<>(List.of("from-github",
                "--pull", GITHUB.resolve("hotfix-pull.json").toString(),
                "--reviews", GITHUB.resolve("hotfix-reviews.json").toString(),
                "--checks", GITHUB.resolve("hotfix-checks.json").toString(),
                "--at", "2026-11-28T23:10:00+03:00", "--severity", "P1", "--payment-related", "--branched-from", "main",
                "--role", "dawit=ON_CALL", "--code-owner", "yonas"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /** Runs {@code from-github}, checks it built a valid request, and reads it back. */
    static DeploymentRequest built(String... args) {
        CommandLineTest.Run run = run(args);
        assertEquals(0, run.exit(), run.err());
        Schemas.assertValid(Schemas.REQUEST, run.out());
        return (DeploymentRequest) PolicyJson.readRequest(run.out());
    }

    /** Pipes {@code from-github}'s output into {@code evaluate --format json}. */
    static CommandLineTest.Run evaluated(String... args) {
        CommandLineTest.Run built = run(args);
        assertEquals(0, built.exit(), built.err());
        return withInput(built.out(), "evaluate", "-", "--format", "json");
    }

    @Test
    void theReleasePullRequestBecomesTheRequestFieldByField() {
        DeploymentRequest request = built(release("release-reviews.json", "release-checks.json"));
        assertEquals("PR-298", request.id());
        assertEquals(Optional.of(OffsetDateTime.parse(TUESDAY)), request.at());
        assertEquals("staging", request.source());
        assertEquals("main", request.target());
        assertEquals(new Requester("abebe", List.of("DEVELOPER")), request.requester());
        assertEquals(new Change(Optional.of("Release: search results sorted by relevance"), ChangeType.FEATURE,
                Optional.empty(), false, false, false, false, "abebe", RELEASE_HEAD, Optional.empty(),
                List.of("release")), request.change());
        assertEquals(List.of(new Approval("selam", "TECH_LEAD", Verdict.APPROVED, Optional.of(RELEASE_HEAD),
                Channel.PULL_REQUEST, Optional.empty(), Optional.of(OffsetDateTime.parse("2026-11-24T06:40:12Z")))),
                request.approvals());
        assertEquals(new Reviews(2, true), request.reviews());
        assertEquals(Map.of("api-tests", CheckStatus.PASSED, "disaster-recovery-test", CheckStatus.PASSED,
                "dependency-review", CheckStatus.PENDING), request.checks());
        assertEquals(new Checklist(Optional.of(true), OptionalInt.of(0), Optional.of(true), Optional.of(false),
                Optional.of(true)), request.checklist());
        assertEquals(List.of(), request.waivers());
    }

    @Test
    void theReleaseIsApprovedOnTuesdayMorning() {
        CommandLineTest.Run decision = evaluated(release("release-reviews.json", "release-checks.json"));
        assertEquals(0, decision.exit(), decision.out());
        assertTrue(decision.out().contains("\"requestId\": \"PR-298\""), decision.out());
    }

    @Test
    void theP1HotfixWithAVerbalApprovalInItsDescriptionBecomesTheRequest() {
        DeploymentRequest request = built(hotfix("--role", "selam=TECH_LEAD", "--from-body"));
        assertEquals("PR-311", request.id());
        assertEquals("hotfix/payment-timeouts", request.source());
        assertEquals(new Requester("dawit", List.of("ON_CALL")), request.requester());
        assertEquals(new Change(Optional.of("Raise the payment gateway timeout; payments failing since 22:30"),
                ChangeType.HOTFIX, Optional.of(Severity.P1), false, false, true, false, "dawit", HOTFIX_HEAD,
                Optional.of("main"), List.of("HOTFIX", "payments")), request.change());
        assertEquals(List.of(new Approval("selam", "TECH_LEAD", Verdict.APPROVED, Optional.of(HOTFIX_HEAD),
                Channel.VERBAL, Optional.of("PR #311 description: Verbal approval: @selam (TECH_LEAD) by phone at "
                        + "2026-11-28T23:02:00+03:00"), Optional.of(OffsetDateTime.parse("2026-11-28T23:02:00+03:00")))),
                request.approvals());
        assertEquals(new Reviews(1, true), request.reviews());
        assertEquals(Map.of("api-tests", CheckStatus.PASSED), request.checks());
        assertEquals(new Checklist(Optional.of(false), OptionalInt.of(0), Optional.of(false), Optional.empty(),
                Optional.of(true)), request.checklist());
    }

    @Test
    void theP1HotfixIsApprovedOnSaturdayNightWithItsObligations() {
        CommandLineTest.Run decision = evaluated(hotfix("--role", "selam=TECH_LEAD", "--from-body"));
        assertEquals(0, decision.exit(), decision.out());
        for (String rule : List.of("hotfix.post-incident", "obligation.security-scan", "obligation.disaster-recovery",
                "obligation.payment-reconciliation")) {
            assertTrue(decision.out().contains("\"rule\": \"" + rule + "\""), rule + " in " + decision.out());
        }
    }

    @Test
    void withoutTheDescriptionTheHotfixWaitsForItsTechLead() {
        DeploymentRequest request = built(hotfix("--role", "selam=TECH_LEAD"));
        assertEquals(List.of(), request.approvals());
        assertEquals(Checklist.UNKNOWN, request.checklist());
        CommandLineTest.Run decision = evaluated(hotfix("--role", "selam=TECH_LEAD"));
        assertEquals(2, decision.exit(), decision.out());
        assertFinding(decision, "approval.tech-lead", "REQUIRE");
    }

    @Test
    void aVerbalApprovalFromSomeoneNoRoleNamesIsLeftOutWithAWarning() {
        CommandLineTest.Run run = run(hotfix("--from-body"));
        assertEquals(0, run.exit(), run.err());
        assertEquals(GITHUB.resolve("hotfix-pull.json") + ": $.body line 3: warning: no --role gives @selam the role "
                + "TECH_LEAD; this verbal approval is left out", run.err().strip());
        assertEquals(List.of(), ((DeploymentRequest) PolicyJson.readRequest(run.out())).approvals());
    }

    static Stream<Arguments> recordedCases() {
        return Stream.of(
                Arguments.of("a failed re-run of the required tests", "release-reviews.json",
                        "release-checks-failing.json", 1, "checklist.tests", "BLOCK"),
                Arguments.of("the required tests re-running after a failure", "release-reviews.json",
                        "release-checks-pending.json", 2, "checklist.tests", "REQUIRE"),
                Arguments.of("the Tech Lead's approval dismissed", "release-reviews-dismissed.json",
                        "release-checks.json", 2, "approval.tech-lead", "REQUIRE"),
                Arguments.of("the reviews approve an older commit", "release-reviews-older-commit.json",
                        "release-checks.json", 2, "approval.stale", "ADVISE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedCases")
    void recordedPayloadsGetTheirOutcome(String what, String reviews, String checks, int exit, String rule,
                                         String effect) {
        CommandLineTest.Run decision = evaluated(release(reviews, checks));
        assertEquals(exit, decision.exit(), decision.out());
        assertFinding(decision, rule, effect);
    }

    @Test
    void pendingChecksMapToPendingAndTheLatestRunOfANameCounts() {
        DeploymentRequest request = built(release("release-reviews.json", "release-checks-pending.json"));
        assertEquals(Map.of("api-tests", CheckStatus.PENDING, "disaster-recovery-test", CheckStatus.PENDING),
                request.checks());
        DeploymentRequest failing = built(release("release-reviews.json", "release-checks-failing.json"));
        assertEquals(Map.of("api-tests", CheckStatus.FAILED, "disaster-recovery-test", CheckStatus.PASSED),
                failing.checks());
    }

    @Test
    void aDismissedReviewLeavesNoVerdictAndALaterApprovalReplacesChangesRequested() {
        DeploymentRequest request = built(release("release-reviews-dismissed.json", "release-checks.json"));
        assertEquals(List.of(), request.approvals());
        assertEquals(new Reviews(1, true), request.reviews());
    }

    @Test
    void reviewsOfAnOlderCommitAreStaleApprovalsAndNoApprovingReviews() {
        DeploymentRequest request = built(release("release-reviews-older-commit.json", "release-checks.json"));
        assertEquals(List.of(new Approval("selam", "TECH_LEAD", Verdict.APPROVED, Optional.of(OLDER_COMMIT),
                Channel.PULL_REQUEST, Optional.empty(), Optional.of(OffsetDateTime.parse("2026-11-23T15:20:44Z")))),
                request.approvals());
        assertEquals(new Reviews(0, false), request.reviews());
    }

    @Test
    void withoutReviewsOrChecksThereAreNone() {
        DeploymentRequest request = built("from-github", "--pull", GITHUB.resolve("release-pull.json").toString());
        assertEquals(Reviews.NONE, request.reviews());
        assertEquals(Map.of(), request.checks());
        assertEquals(Optional.empty(), request.at());
        assertEquals(List.of(), request.requester().roles());
    }

    @Test
    void flagsSetWhatGitHubDoesNotKnow() {
        DeploymentRequest request = built(release("release-reviews.json", "release-checks.json", "--id", "DEP-2001",
                "--type", "FIX", "--severity", "P2", "--major", "--breaking", "--database-migrations"));
        assertEquals("DEP-2001", request.id());
        assertEquals(ChangeType.FIX, request.change().type());
        assertEquals(Optional.of(Severity.P2), request.change().severity());
        assertTrue(request.change().major() && request.change().breaking() && request.change().databaseMigrations());
        assertTrue(!request.change().paymentRelated());
    }

    static void assertFinding(CommandLineTest.Run decision, String rule, String effect) {
        assertTrue(decision.out().matches("(?s).*\"rule\": \"" + rule.replace(".", "\\.")
                + "\",\\s*\"effect\": \"" + effect + "\".*"), rule + " " + effect + " in " + decision.out());
    }
}
