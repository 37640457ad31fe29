package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three shapes a rule requires approvals in (docs/policy.md "Approval requirements"): one person holding a role,
 * N different people holding it, one person holding any of several roles; how requirements merge, which slot each
 * approval fills and in what order the slots stand, what the requiring rule reports, and bad requirements failing
 * the evaluation. Against core-test with rule files of requirements, each asked for by a change label.
 */
class ApprovalRequirementsTest {
    /** Rules each requiring approvals when a label asks; salience makes them fire in another order than they stand. */
    private static final String REQUIREMENTS = """
            package team.b;

            import java.util.List;
            import org.deploypolicy.rules.Approvers;
            import org.deploypolicy.rules.Deployment;
            import org.deploypolicy.rules.Rollback;

            global org.deploypolicy.rules.Findings findings;

            rule "security lead"
                @id("team.security-lead")
                salience 10
            when
                Deployment( change.labels contains "need.security-lead" )
            then
                findings.requireApproval("SECURITY_LEAD", "A Security Lead approves.");
            end

            rule "tech lead"
                @id("team.tech-lead")
                salience 5
            when
                Deployment( change.labels contains "need.tech-lead" )
            then
                findings.requireApproval("TECH_LEAD", "A Tech Lead approves.");
            end

            rule "two tech leads"
                @id("team.two-tech-leads")
            when
                Deployment( change.labels contains "need.two-tech-leads" )
            then
                findings.requireApprovals(2, "TECH_LEAD", "Two Tech Leads approve.");
            end

            rule "tech lead or ceo"
                @id("team.lead-or-ceo")
            when
                Deployment( change.labels contains "need.lead-or-ceo" )
            then
                findings.requireApprovalOfAny(List.of("TECH_LEAD", "CEO", "TECH_LEAD"), "A Tech Lead or the CEO approves.");
            end

            rule "qa lead"
                @id("team.qa-lead")
                salience 30
            when
                Deployment( change.labels contains "need.qa-lead" )
            then
                findings.requireApproval("QA_LEAD", "A QA Lead approves.");
            end

            rule "old style"
                @id("team.sre")
            when
                Deployment( change.labels contains "need.sre" )
            then
                findings.requireRole("SRE");
            end

            rule "a role that is no role name"
                @id("team.bad-role")
            when
                Deployment( change.labels contains "bad.role" )
            then
                findings.requireApproval(String.valueOf("tech_lead"), "A Tech Lead approves.");
            end

            rule "no people"
                @id("team.bad-count")
            when
                Deployment( change.labels contains "bad.count" )
            then
                findings.requireApprovals(Integer.valueOf(0), "TECH_LEAD", "Nobody approves.");
            end

            rule "no roles"
                @id("team.bad-any")
            when
                Deployment( change.labels contains "bad.any" )
            then
                findings.requireApprovalOfAny(List.<String>of(), "Someone approves.");
            end

            rule "no message"
                @id("team.bad-message")
            when
                Deployment( change.labels contains "bad.message" )
            then
                findings.requireApproval("TECH_LEAD", " ");
            end

            rule "after the slots were filled"
                @id("team.late")
            when
                Deployment( change.labels contains "bad.late" )
                Approvers()
            then
                findings.requireApproval("TECH_LEAD", "Too late.");
            end

            rule "a rollback needs a tech lead"
                @id("rollback.api")
            when
                Rollback( requesterId == "rae" )
            then
                findings.requireApproval("TECH_LEAD", "A Tech Lead approves this rollback.");
            end
            """;

    /** A file whose path sorts before the other: its requirement stands first, though its rule fires last. */
    private static final String EARLIER_FILE = """
            package team.a;

            import org.deploypolicy.rules.Deployment;

            global org.deploypolicy.rules.Findings findings;

            rule "release manager"
                @id("team.release-manager")
                salience -10
            when
                Deployment( change.labels contains "need.release-manager" )
            then
                findings.requireApproval("RELEASE_MANAGER", "A Release Manager approves.");
            end
            """;

    @TempDir
    static Path dir;
    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        TestPolicies.copyCore(dir.resolve("policy"));
        TestPolicies.write(dir.resolve("policy/team/b-requirements.drl"), REQUIREMENTS);
        TestPolicies.write(dir.resolve("policy/a-release.drl"), EARLIER_FILE);
        policy = DeploymentPolicy.builder().directory(dir.resolve("policy")).build();
    }

    private static Approval approval(String by, String role, Verdict verdict) {
        return new Approval(by, role, verdict, Optional.of("c0ffee1"), Channel.PULL_REQUEST, Optional.empty(),
                Optional.empty());
    }

    private static Approval approved(String by, String role) {
        return approval(by, role, Verdict.APPROVED);
    }

    private static DeploymentRequest request(List<Approval> approvals, String... labels) {
        DeploymentRequest d = Requests.deployment(labels);
        return new DeploymentRequest(d.id(), d.at(), d.source(), d.target(), d.requester(), d.change(), approvals,
                d.reviews(), d.checks(), d.checklist(), d.waivers());
    }

    private static Approver slot(String role, String by) {
        return new Approver(role, Optional.ofNullable(by), Optional.empty());
    }

    private static Finding finding(String rule, Effect effect, String subject, String message) {
        return new Finding(rule, effect, Optional.ofNullable(subject), message, Optional.empty());
    }

    // --- one person holding a role -------------------------------------------------------------------------------

    @Test
    void aRequiredApprovalThatNobodyGaveKeepsTheRequestPendingWithTheRulesMessage() {
        Decision decision = policy.evaluate(request(List.of(), "need.tech-lead"));

        assertEquals(Outcome.PENDING, decision.outcome());
        assertEquals(List.of(finding("team.tech-lead", Effect.REQUIRE, null, "A Tech Lead approves.")),
                decision.findings());
        assertEquals(List.of(slot("TECH_LEAD", null)), decision.approvers());
    }

    @Test
    void anApprovalInTheRoleFillsItAndTheRequestPasses() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD")), "need.tech-lead"));

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of(), decision.findings());
        assertEquals(List.of(slot("TECH_LEAD", "lee")), decision.approvers());
    }

    @Test
    void aRejectionInTheRoleBlocksAboutThePersonInTheRolesWords() {
        Decision decision = policy.evaluate(request(List.of(approval("kim", "SECURITY_LEAD", Verdict.REJECTED),
                approved("lee", "SECURITY_LEAD")), "need.security-lead"));

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(List.of(finding("team.security-lead", Effect.BLOCK, "kim",
                "Security Lead kim rejected this change; only their own later approval lifts the rejection.")),
                decision.findings(), "no REQUIRE beside a rejection");
        assertEquals(List.of(new Approver("SECURITY_LEAD", Optional.of("lee"), Optional.of("kim"))),
                decision.approvers());
    }

    @Test
    void requireRoleIsARequirementWithTheEnginesMessage() {
        Decision decision = policy.evaluate(request(List.of(), "need.sre"));

        assertEquals(List.of(finding("team.sre", Effect.REQUIRE, null,
                "This request needs the approval of a person holding the role SRE.")), decision.findings());
    }

    // --- N different people holding a role -----------------------------------------------------------------------

    @Test
    void nPeopleAreNSlotsAndTheMessageSaysHowManyCount() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"),
                approval("lee", "TECH_LEAD", Verdict.APPROVED)), "need.two-tech-leads"));

        assertEquals(Outcome.PENDING, decision.outcome());
        assertEquals(List.of(finding("team.two-tech-leads", Effect.REQUIRE, null,
                "Two Tech Leads approve. 1 of 2 approvals count so far.")), decision.findings());
        assertEquals(List.of(slot("TECH_LEAD", "lee"), slot("TECH_LEAD", null)), decision.approvers());
    }

    @Test
    void twoDifferentPeopleFillTwoSlots() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"),
                approved("kim", "TECH_LEAD")), "need.two-tech-leads"));

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of(slot("TECH_LEAD", "lee"), slot("TECH_LEAD", "kim")), decision.approvers());
    }

    @Test
    void requirementsOfOneRoleMergeTheLargestCountStandingAndEachRuleReports() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"),
                approval("kim", "TECH_LEAD", Verdict.REJECTED), approval("ron", "TECH_LEAD", Verdict.REJECTED)),
                "need.tech-lead", "need.two-tech-leads"));

        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("lee"), Optional.of("kim")),
                new Approver("TECH_LEAD", Optional.empty(), Optional.of("ron"))), decision.approvers(),
                "two slots in all, each naming one person who rejected");
        String kim = "Tech Lead kim rejected this change; only their own later approval lifts the rejection.";
        String ron = "Tech Lead ron rejected this change; only their own later approval lifts the rejection.";
        assertEquals(List.of(finding("team.tech-lead", Effect.BLOCK, "kim", kim),
                finding("team.tech-lead", Effect.BLOCK, "ron", ron),
                finding("team.two-tech-leads", Effect.BLOCK, "kim", kim),
                finding("team.two-tech-leads", Effect.BLOCK, "ron", ron)), decision.findings());

        Decision pending = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD")),
                "need.tech-lead", "need.two-tech-leads"));
        assertEquals(List.of(finding("team.tech-lead", Effect.REQUIRE, null,
                        "A Tech Lead approves. 1 of 2 approvals count so far."),
                finding("team.two-tech-leads", Effect.REQUIRE, null,
                        "Two Tech Leads approve. 1 of 2 approvals count so far.")), pending.findings());
    }

    // --- one person holding any of several roles -----------------------------------------------------------------

    @Test
    void anyOfSeveralRolesFillsTheSlotAndItIsFilledAsTheRoleOfTheApproval() {
        Decision empty = policy.evaluate(request(List.of(), "need.lead-or-ceo"));
        Decision filled = policy.evaluate(request(List.of(approved("max", "CEO")), "need.lead-or-ceo"));

        List<String> anyOf = List.of("TECH_LEAD", "CEO");
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.empty(), Optional.empty(), anyOf)), empty.approvers(),
                "empty, the slot is the first of its roles; a role named twice counts once");
        assertEquals(List.of(finding("team.lead-or-ceo", Effect.REQUIRE, null, "A Tech Lead or the CEO approves.")),
                empty.findings());
        assertEquals(List.of(new Approver("CEO", Optional.of("max"), Optional.empty(), anyOf)), filled.approvers());
        assertEquals(Outcome.APPROVED, filled.outcome());
    }

    @Test
    void aRejectionInAnyOfTheRolesBlocks() {
        Decision decision = policy.evaluate(request(List.of(approval("max", "CEO", Verdict.REJECTED),
                approved("lee", "TECH_LEAD")), "need.lead-or-ceo"));

        assertEquals(Outcome.REJECTED, decision.outcome());
        assertEquals(List.of(finding("team.lead-or-ceo", Effect.BLOCK, "max",
                "CEO max rejected this change; only their own later approval lifts the rejection.")),
                decision.findings());
    }

    @Test
    void theAnyOfSlotIsWrittenWithItsRolesAndOthersWithout() throws Exception {
        JsonNode approvers = Requests.JSON.readTree(PolicyJson.toJson(policy.evaluate(request(
                List.of(approved("max", "CEO")), "need.lead-or-ceo", "need.tech-lead")))).get("approvers");

        assertEquals(Requests.tree("""
                [ { "role": "TECH_LEAD", "satisfiedBy": null, "rejectedBy": null },
                  { "role": "CEO", "satisfiedBy": "max", "rejectedBy": null, "anyOf": ["TECH_LEAD", "CEO"] } ]"""),
                approvers);
        assertEquals(List.of("role", "satisfiedBy", "rejectedBy", "anyOf"), fieldNames(approvers.get(1)));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // --- which slot each approval fills, and in what order the slots stand ---------------------------------------

    @Test
    void onePersonFillsOneSlotAndAsManySlotsAsPossibleAreFilled() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"),
                approved("lee", "SECURITY_LEAD"), approved("kim", "TECH_LEAD")), "need.tech-lead", "need.security-lead"));

        assertEquals(List.of(slot("TECH_LEAD", "kim"), slot("SECURITY_LEAD", "lee")), decision.approvers());
        assertEquals(Outcome.APPROVED, decision.outcome());
    }

    @Test
    void aPersonWhoCouldFillEitherOfTwoSlotsLeavesTheOtherToTheOnlyOneWhoCanFillIt() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"), approved("lee", "CEO"),
                approved("kim", "TECH_LEAD"), approved("kim", "QA_LEAD"), approved("ron", "TECH_LEAD"),
                approved("dan", "TECH_LEAD")), "need.two-tech-leads", "need.lead-or-ceo", "need.qa-lead"));

        // kim, the second Tech Lead in the list, is the only QA Lead: ron takes the second Tech Lead's slot instead.
        assertEquals(List.of(slot("TECH_LEAD", "lee"), slot("TECH_LEAD", "ron"),
                new Approver("TECH_LEAD", Optional.of("dan"), Optional.empty(), List.of("TECH_LEAD", "CEO")),
                slot("QA_LEAD", "kim")), decision.approvers());
        assertEquals(Outcome.APPROVED, decision.outcome());
    }

    @Test
    void amongEqualFillingsTheEarliestApproverInTheListFillsTheSlot() {
        Decision decision = policy.evaluate(request(List.of(approved("kim", "TECH_LEAD"), approved("lee", "TECH_LEAD"),
                approved("ron", "TECH_LEAD")), "need.two-tech-leads"));

        assertEquals(List.of(slot("TECH_LEAD", "kim"), slot("TECH_LEAD", "lee")), decision.approvers());
    }

    @Test
    void slotsStandTechLeadFirstThenByFileThenByPositionInTheFileWhateverOrderTheRulesFire() {
        Decision decision = policy.evaluate(request(List.of(),
                "need.qa-lead", "need.security-lead", "need.release-manager", "need.tech-lead"));

        assertEquals(List.of("TECH_LEAD", "RELEASE_MANAGER", "SECURITY_LEAD", "QA_LEAD"),
                decision.approvers().stream().map(Approver::role).toList());
    }

    // --- a rollback ----------------------------------------------------------------------------------------------

    @Test
    void onARollbackTheEngineReportsNothingForARequirement() {
        RollbackRequest r = Requests.rollback(IncidentType.API_ERRORS);
        RollbackRequest rollback = new RollbackRequest(r.id(), r.at(), new Requester("rae", List.of("ON_CALL")),
                r.incident(), List.of(approval("lee", "TECH_LEAD", Verdict.REJECTED)), List.of());

        Decision decision = policy.evaluate(rollback);

        assertEquals(List.of(finding("rollback.api", Effect.ADVISE, null, "Granted on the API error rate.")),
                decision.findings(), "the rule that decides the rollback reports; the engine adds nothing");
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.empty(), Optional.of("lee"))), decision.approvers());
    }

    // --- bad requirements ----------------------------------------------------------------------------------------
    // Written as literals, these are errors of the build (RequirementLiteralsTest); computed, they fail the evaluation.

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad.role    | team.bad-role    | \"tech_lead\" is not a role name",
            "bad.count   | team.bad-count   | the count of people must be 1 or more; was 0",
            "bad.any     | team.bad-any     | name at least one role",
            "bad.message | team.bad-message | the message is blank",
            "bad.late    | team.late        | requires an approval after the slots were filled"})
    void aBadRequirementFailsTheEvaluationNamingTheRule(String label, String rule, String message) {
        EvaluationFailedException error = assertThrows(EvaluationFailedException.class,
                () -> policy.evaluate(request(List.of(), label)));

        assertEquals(Optional.of(rule), error.problems().get(0).rule());
        assertTrue(error.problems().get(0).message().contains(message), error.problems().get(0).message());
    }

    @Test
    void aDeploymentThatNeedsNoApprovalListsNoSlot() {
        Decision decision = policy.evaluate(request(List.of(approved("lee", "TECH_LEAD"))));

        assertEquals(List.of(), decision.approvers());
        assertFalse(PolicyJson.toJson(decision).contains("anyOf"));
    }
}
