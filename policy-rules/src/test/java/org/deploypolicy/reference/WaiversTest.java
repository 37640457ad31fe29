package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.Approval;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.Verdict;
import org.deploypolicy.Waived;
import org.deploypolicy.Waiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waivers (docs/policy.md "Waivers", "Settings" {@code waivers.*}) under the test policy {@code waivers}: the CEO
 * (meron, hana on its roster) grants them; a lifted finding stays on the decision with who waived it and why, and
 * no longer counts. What the scenario files cannot show: the {@code waived} mark, its JSON, and why a waiver was
 * ignored. 2026-11-27 is a Friday; the requests are complete releases asked for and written by abebe.
 */
class WaiversTest {
    private static final DeploymentPolicy POLICY = Reference.testPolicy("waivers");
    private static final String FRIDAY = "2026-11-27T10:00:00+03:00";
    private static final String LAUNCH = "Launch promised to the customer for Friday";

    private static Waiver waiver(String rule, String by, String reason) {
        return new Waiver(rule, Optional.empty(), by, reason);
    }

    private static DeploymentRequest friday(Waiver... waivers) {
        return Reference.withWaivers(Reference.release(FRIDAY), waivers);
    }

    private static Finding finding(Decision decision, String rule) {
        List<Finding> found = decision.findings().stream().filter(f -> f.rule().equals(rule)).toList();
        assertEquals(1, found.size(), () -> "one finding of " + rule + " in " + decision.findings());
        return found.get(0);
    }

    private static List<Finding> ignored(Decision decision) {
        return decision.findings().stream().filter(f -> f.rule().equals("waiver.ignored")).toList();
    }

    /** The finding of {@code rule} is there, not waived, and one waiver.ignored about that rule says why. */
    private static String assertIgnored(Decision decision, String rule) {
        assertEquals(Optional.empty(), finding(decision, rule).waived());
        List<Finding> ignored = ignored(decision);
        assertEquals(1, ignored.size(), () -> "one waiver.ignored in " + decision.findings());
        Finding advice = ignored.get(0);
        assertEquals(Effect.ADVISE, advice.effect());
        assertEquals(Optional.of(rule), advice.subject());
        assertTrue(advice.counts());
        assertTrue(advice.message().contains(rule), advice.message());
        return advice.message();
    }

    // --- granted ---------------------------------------------------------------------------------------------------

    @Test
    void aGrantedWaiverMarksTheFindingWaivedByWhomAndWhyAndItNoLongerCounts() {
        Decision decision = POLICY.evaluate(friday(waiver("window.friday", "meron", LAUNCH)));

        Finding friday = finding(decision, "window.friday");
        assertEquals(Effect.BLOCK, friday.effect(), "a waived finding keeps its effect");
        assertEquals(Optional.of(new Waived("meron", LAUNCH)), friday.waived());
        assertFalse(friday.counts());
        assertEquals(Optional.empty(), finding(decision, "window.preferred").waived());
        assertEquals(List.of(), ignored(decision));
        assertEquals(Outcome.APPROVED, decision.outcome());
        assertFalse(decision.obligations().isEmpty(), "an approved production deploy carries its obligations");
    }

    @Test
    void aWaivedWindowBlockLeavesNoNextAllowedTime() {
        Decision decision = POLICY.evaluate(friday(waiver("window.friday", "meron", LAUNCH)));

        assertEquals(Optional.empty(), decision.nextAllowed());
        assertTrue(POLICY.evaluate(friday()).nextAllowed().isPresent(), "without the waiver, Monday");
    }

    @Test
    void aWaivedBlockTurnsRejectedIntoTheOutcomeOfTheFindingsThatStillCount() {
        DeploymentRequest noTechLead = Reference.withApprovals(friday(waiver("window.friday", "meron", LAUNCH)),
                List.of());
        DeploymentRequest failedCheck = Reference.withChecks(friday(waiver("window.friday", "meron", LAUNCH)),
                Map.of("api-tests", CheckStatus.FAILED, "disaster-recovery-test", CheckStatus.PASSED));

        assertEquals(Outcome.REJECTED, POLICY.evaluate(Reference.withApprovals(friday(), List.of())).outcome());
        Decision pending = POLICY.evaluate(noTechLead);
        assertEquals(Outcome.PENDING, pending.outcome());
        assertEquals(List.of(), pending.obligations());
        assertEquals(Outcome.REJECTED, POLICY.evaluate(failedCheck).outcome());
        for (Decision decision : List.of(pending, POLICY.evaluate(failedCheck),
                POLICY.evaluate(friday(waiver("window.friday", "meron", LAUNCH))))) {
            List<Finding> counting = decision.findings().stream().filter(Finding::counts).toList();
            assertEquals(Decision.outcomeOf(counting), decision.outcome());
            assertNotEquals(Optional.empty(), finding(decision, "window.friday").waived());
        }
    }

    @Test
    void theJsonOfAWaivedFindingCarriesWaivedByAndReason() throws Exception {
        Decision decision = POLICY.evaluate(friday(waiver("window.friday", "meron", LAUNCH)));

        JsonNode json = new ObjectMapper().readTree(PolicyJson.toJson(decision));

        JsonNode friday = null;
        for (JsonNode f : json.get("findings")) {
            if (f.get("rule").asText().equals("window.friday")) {
                friday = f;
            } else {
                assertFalse(f.has("waived"), () -> "only the waived finding carries waived: " + f);
            }
        }
        assertEquals("BLOCK", friday.get("effect").asText());
        assertEquals("meron", friday.get("waived").get("by").asText());
        assertEquals(LAUNCH, friday.get("waived").get("reason").asText());
        assertEquals(Set.of("by", "reason"), fieldNames(friday.get("waived")));
        assertEquals("APPROVED", json.get("outcome").asText());
        assertTrue(json.get("nextAllowed").isNull());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aWaiverNamesTheSubjectOfTheFindingItLifts() {
        DeploymentRequest inFreeze = Reference.withWaivers(Reference.release("2026-12-22T10:30:00+03:00"),
                new Waiver("window.freeze", Optional.of("year-end"), "meron", "Regulatory change"));

        Decision decision = POLICY.evaluate(inFreeze);

        Finding freeze = finding(decision, "window.freeze");
        assertEquals(Optional.of("year-end"), freeze.subject());
        assertEquals(Optional.of(new Waived("meron", "Regulatory change")), freeze.waived());
        assertEquals(Outcome.APPROVED, decision.outcome());
    }

    // --- standing waivers ------------------------------------------------------------------------------------------

    private static DeploymentRequest withoutDisasterRecovery(String at) {
        return Reference.withChecks(Reference.release(at), Map.of("api-tests", CheckStatus.PASSED));
    }

    @Test
    void aStandingWaiverInItsPeriodLiftsItsFindingWithTheGrantorAndReasonOfThePolicy() {
        Decision decision = POLICY.evaluate(withoutDisasterRecovery("2026-12-08T10:30:00+03:00"));

        assertEquals(Optional.of(new Waived("meron", "The disaster-recovery environment is rebuilt in December")),
                finding(decision, "checklist.disaster-recovery").waived());
        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of(), ignored(decision));
    }

    @Test
    void aStandingWaiverOutOfItsPeriodLiftsNothingAndSaysNothing() {
        for (String at : List.of("2026-11-24T10:30:00+03:00", "2026-11-30T23:59:59+03:00",
                "2027-01-01T00:00:00+03:00", "2027-01-05T10:30:00+03:00")) {
            Decision decision = POLICY.evaluate(withoutDisasterRecovery(at));

            assertEquals(Optional.empty(), finding(decision, "checklist.disaster-recovery").waived(), at);
            assertEquals(List.of(), ignored(decision), at);
            assertNotEquals(Outcome.APPROVED, decision.outcome(), at);
        }
    }

    @Test
    void thePastLaunchDayWaiverLeavesALaterFridayBlocked() {
        Decision launchDay = POLICY.evaluate(Reference.release("2026-11-20T10:00:00+03:00"));
        Decision weekLater = POLICY.evaluate(Reference.release(FRIDAY));

        assertEquals(Optional.of(new Waived("meron", "Launch day, agreed with the board")),
                finding(launchDay, "window.friday").waived());
        assertEquals(Outcome.APPROVED, launchDay.outcome());
        assertEquals(Optional.empty(), finding(weekLater, "window.friday").waived());
        assertEquals(Outcome.REJECTED, weekLater.outcome());
        assertEquals(List.of(), ignored(weekLater));
    }

    @Test
    void aStandingWaiverFromSomeoneWithoutAGrantingRoleIsIgnoredWhereItWouldHaveLiftedAFinding() {
        DeploymentRequest noCodeOwner = Reference.withReviews(Reference.release("2027-02-02T10:30:00+03:00"),
                new Reviews(1, false));

        Decision decision = POLICY.evaluate(noCodeOwner);

        String why = assertIgnored(decision, "review.code-owner");
        assertTrue(why.contains("selam"), why);
        assertEquals(Outcome.PENDING, decision.outcome());
    }

    // --- refused -----------------------------------------------------------------------------------------------------

    @Test
    void aGrantorWithoutARoleInGrantedByIsIgnoredAndTheAdviceNamesTheRoles() {
        Decision decision = POLICY.evaluate(friday(waiver("window.friday", "selam", "I will watch it")));

        String why = assertIgnored(decision, "window.friday");
        assertTrue(why.contains("selam") && why.contains("CEO"), why);
        assertEquals(Outcome.REJECTED, decision.outcome());
    }

    @Test
    void withARosterARoleClaimedInAnApprovalGrantsNoWaiver() {
        DeploymentRequest claimed = Reference.withApprovals(friday(waiver("window.friday", "yonas", "Acting CEO")),
                List.of(Reference.release(FRIDAY).approvals().get(0), new Approval("yonas", "CEO", Verdict.APPROVED,
                        Optional.of("9f2c1e7"), null, null, Optional.empty())));

        Decision decision = POLICY.evaluate(claimed);

        assertIgnored(decision, "window.friday");
        assertEquals(Outcome.REJECTED, decision.outcome());
    }

    @Test
    void theRequesterMayNotWaiveTheirOwnChangesFindings() {
        DeploymentRequest asked = Reference.withRequester(friday(waiver("window.friday", "hana", "My launch")),
                new Requester("hana", List.of("CEO")));

        Decision decision = POLICY.evaluate(asked);

        String why = assertIgnored(decision, "window.friday");
        assertTrue(why.contains("hana"), why);
        assertEquals(Outcome.REJECTED, decision.outcome());
    }

    @Test
    void theAuthorMayNotWaiveTheirOwnChangesFindingsButAnotherCeoMay() {
        DeploymentRequest written = friday(waiver("window.friday", "meron", "My change"));
        written = Reference.withChange(written, Reference.withAuthor(written.change(), "meron"));
        DeploymentRequest byOther = Reference.withWaivers(written, waiver("window.friday", "hana", LAUNCH));

        Decision own = POLICY.evaluate(written);
        Decision other = POLICY.evaluate(byOther);

        String why = assertIgnored(own, "window.friday");
        assertTrue(why.contains("meron"), why);
        assertEquals(Outcome.REJECTED, own.outcome());
        assertEquals(Optional.of(new Waived("hana", LAUNCH)), finding(other, "window.friday").waived());
        assertEquals(Outcome.APPROVED, other.outcome());
    }

    @Test
    void aRuleInWaiversNeverIsNotWaivedByAnyone() {
        DeploymentRequest failed = Reference.withWaivers(Reference.withChecks(Reference.release(
                        "2026-11-24T10:30:00+03:00"), Map.of("api-tests", CheckStatus.FAILED,
                        "disaster-recovery-test", CheckStatus.PASSED)),
                new Waiver("checklist.tests", Optional.of("api-tests"), "meron", "Flaky test"));

        Decision decision = POLICY.evaluate(failed);

        String why = assertIgnored(decision, "checklist.tests");
        assertTrue(why.contains("waivers.never"), why);
        assertEquals(Outcome.REJECTED, decision.outcome());
        assertTrue(POLICY.settings().waivers().never().containsAll(List.of("checklist.tests", "hotfix.tests",
                "checklist.vulnerabilities", "approval.self", "approval.stale")), "inherited from the reference");
    }

    @Test
    void aWaiverWithNothingToLiftIsIgnored() {
        Decision tuesday = POLICY.evaluate(Reference.withWaivers(Reference.release("2026-11-24T10:30:00+03:00"),
                waiver("window.friday", "meron", LAUNCH)));

        assertEquals(Outcome.APPROVED, tuesday.outcome());
        List<Finding> ignored = ignored(tuesday);
        assertEquals(1, ignored.size());
        assertEquals(Optional.of("window.friday"), ignored.get(0).subject());
    }

    @Test
    void eachReasonForIgnoringAWaiverIsSaidDifferently() {
        String role = ignored(POLICY.evaluate(friday(waiver("window.friday", "selam", "x")))).get(0).message();
        String self = ignored(POLICY.evaluate(friday(waiver("window.friday", "abebe", "x")))).get(0).message();
        String never = ignored(POLICY.evaluate(friday(waiver("checklist.tests", "meron", "x")))).get(0).message();
        String nothing = ignored(POLICY.evaluate(friday(waiver("checklist.staging", "meron", "x")))).get(0).message();
        String none = ignored(Reference.POLICY.evaluate(friday(waiver("window.friday", "meron", "x")))).get(0)
                .message();

        assertEquals(5, Set.of(strip(role), strip(self), strip(never), strip(nothing), strip(none)).size(),
                String.join("\n", role, self, never, nothing, none));
    }

    /** A message without the rule id and the person, so that only the reason is compared. */
    private static String strip(String message) {
        return message.replaceAll("window\\.friday|checklist\\.tests|checklist\\.staging|selam|abebe|meron", "_");
    }

    /**
     * Without a roster a person holds the roles the request gives them (docs/policy.md "Holds a role"); a waiver names
     * no role, so the grantor's roles are those their approvals in the request claim.
     */
    @Test
    void withoutARosterTheGrantorHoldsTheRolesTheirApprovalsInTheRequestClaim(@TempDir Path team) throws IOException {
        Files.writeString(team.resolve("policy.yaml"), """
                extends: reference
                name: waivers-without-roster
                waivers:
                  grantedBy: [CEO]
                """);
        DeploymentPolicy noRoster = DeploymentPolicy.builder().directory(team).build();
        DeploymentRequest unclaimed = friday(waiver("window.friday", "meron", LAUNCH));
        DeploymentRequest claimed = Reference.withApprovals(unclaimed, List.of(unclaimed.approvals().get(0),
                new Approval("meron", "CEO", Verdict.APPROVED, Optional.of("9f2c1e7"), null, null, Optional.empty())));

        assertIgnored(noRoster.evaluate(unclaimed), "window.friday");
        assertEquals(Optional.of(new Waived("meron", LAUNCH)),
                finding(noRoster.evaluate(claimed), "window.friday").waived());
        assertEquals(Outcome.APPROVED, noRoster.evaluate(claimed).outcome());
    }

    // --- the reference policy grants none ------------------------------------------------------------------------

    @Test
    void theReferencePolicyGrantsNoWaiversAndSaysSo() {
        Decision decision = Reference.POLICY.evaluate(friday(waiver("window.friday", "meron", LAUNCH)));

        String why = assertIgnored(decision, "window.friday");
        assertTrue(why.contains("waivers.grantedBy"), why);
        assertEquals(Outcome.REJECTED, decision.outcome());
        assertTrue(decision.nextAllowed().isPresent());
        assertEquals(List.of(), Reference.POLICY.settings().waivers().grantedBy());
    }

    @Test
    void everyWaiverOfARequestIsAnsweredOnce() {
        List<Waiver> waivers = new ArrayList<>(List.of(waiver("window.friday", "meron", LAUNCH),
                waiver("window.preferred", "selam", "x"), waiver("checklist.tests", "meron", "y")));

        Decision decision = POLICY.evaluate(Reference.withWaivers(Reference.release(FRIDAY),
                waivers.toArray(Waiver[]::new)));

        assertEquals(Set.of("window.preferred", "checklist.tests"), ignored(decision).stream()
                .map(f -> f.subject().orElseThrow()).collect(Collectors.toSet()));
        assertEquals(Optional.of(new Waived("meron", LAUNCH)), finding(decision, "window.friday").waived());
        assertEquals(Outcome.APPROVED, decision.outcome());
    }
}
