package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.deploypolicy.Approval;
import org.deploypolicy.ApprovalRecord;
import org.deploypolicy.Approver;
import org.deploypolicy.Change;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What scenario files do not compare, for the test policies that require approvals of their own: who fills each
 * slot ({@code Decision.approvers}, in the order the slots stand), the messages the requiring rules report, and the
 * approval record, which lists every slot.
 */
class TeamApprovalRequirementsTest {
    private static final DeploymentPolicy TWO_TECH_LEADS = Reference.testPolicy("two-tech-leads");
    private static final DeploymentPolicy TECH_LEAD_OR_CEO = Reference.testPolicy("tech-lead-or-ceo");
    private static final DeploymentPolicy SECURITY_LEAD = Reference.testPolicy("security-lead");
    private static final DeploymentPolicy SECURITY_LEAD_ROSTER = Reference.testPolicy("security-lead-roster");

    /** A release at 10:30 on a Tuesday that passes every check, abebe's, of the kind the flags say. */
    private static DeploymentRequest release(boolean payments, boolean migrations, boolean breaking,
                                             Approval... approvals) {
        DeploymentRequest release = Reference.release("2026-11-24T10:30:00+03:00");
        Change c = release.change();
        Map<String, CheckStatus> checks = new HashMap<>(release.checks());
        checks.put("payment-reconciliation", CheckStatus.PASSED);
        return Reference.withChecks(Reference.withApprovals(Reference.withChange(release, new Change(c.summary(),
                c.type(), c.severity(), c.major(), breaking, payments, migrations, c.author(), c.headCommit(),
                c.branchedFrom(), c.labels())), List.of(approvals)), checks);
    }

    private static Approval approval(String by, String role, Verdict verdict) {
        return new Approval(by, role, verdict, Optional.of("9f2c1e7"), Channel.PULL_REQUEST, Optional.empty(),
                Optional.empty());
    }

    private static Approval approved(String by, String role) {
        return approval(by, role, Verdict.APPROVED);
    }

    private static Approver slot(String role, String by) {
        return new Approver(role, Optional.ofNullable(by), Optional.empty());
    }

    /** The approval record's "Approvals" section. */
    private static String approvals(DeploymentPolicy policy, DeploymentRequest request, Decision decision) {
        String record = ApprovalRecord.markdown(policy, request, decision);
        int start = record.indexOf("### Approvals\n");
        return record.substring(start, record.indexOf("\n\n", start) + 1);
    }

    private static List<String> messages(Decision decision) {
        return decision.findings().stream().map(Finding::message).toList();
    }

    @Test
    void twoTechLeadsAreTwoSlotsAndTheSecondApproverIsOnTheDecisionAndTheRecord() {
        DeploymentRequest request = release(true, false, false, approved("selam", "TECH_LEAD"),
                approved("yonas", "TECH_LEAD"));
        Decision decision = TWO_TECH_LEADS.evaluate(request);

        assertEquals(Outcome.APPROVED, decision.outcome());
        assertEquals(List.of(slot("TECH_LEAD", "selam"), slot("TECH_LEAD", "yonas")), decision.approvers());
        assertEquals("""
                ### Approvals
                - [x] Tech Lead: selam - Approved
                - [x] Tech Lead: yonas - Approved
                """, approvals(TWO_TECH_LEADS, request, decision));
    }

    @Test
    void withOneTechLeadBothRequiringRulesSayHowManyOfTheTwoCount() {
        DeploymentRequest request = release(true, false, false, approved("selam", "TECH_LEAD"));
        Decision decision = TWO_TECH_LEADS.evaluate(request);

        assertEquals(List.of(slot("TECH_LEAD", "selam"), slot("TECH_LEAD", null)), decision.approvers());
        assertEquals(List.of("A Tech Lead's approval of 9f2c1e7 is needed: the Tech Lead approves every production "
                        + "deployment. 1 of 2 approvals count so far.",
                "A payment-related change needs the approvals of two different Tech Leads for 9f2c1e7. 1 of 2 "
                        + "approvals count so far."), messages(decision));
        assertEquals("""
                ### Approvals
                - [x] Tech Lead: selam - Approved
                - [ ] Tech Lead: waiting
                """, approvals(TWO_TECH_LEADS, request, decision));
    }

    @Test
    void aSlotAnyOfSeveralRolesFillsListsThemAndIsFilledAsTheApprovalsRole() {
        DeploymentRequest request = release(false, true, false, approved("selam", "TECH_LEAD"),
                approved("meron", "CEO"));
        Decision decision = TECH_LEAD_OR_CEO.evaluate(request);

        assertEquals(List.of(slot("TECH_LEAD", "selam"),
                new Approver("CEO", Optional.of("meron"), Optional.empty(), List.of("TECH_LEAD", "CEO"))),
                decision.approvers());
        assertEquals("""
                ### Approvals
                - [x] Tech Lead: selam - Approved
                - [x] Tech Lead or CEO: meron - Approved
                """, approvals(TECH_LEAD_OR_CEO, request, decision));
    }

    @Test
    void anEmptySlotOfSeveralRolesIsTheFirstOfThem() {
        Decision decision = TECH_LEAD_OR_CEO.evaluate(release(false, true, false, approved("selam", "TECH_LEAD"),
                approved("selam", "CEO")));

        assertEquals(List.of(slot("TECH_LEAD", "selam"),
                new Approver("TECH_LEAD", Optional.empty(), Optional.empty(), List.of("TECH_LEAD", "CEO"))),
                decision.approvers());
        assertEquals(List.of("A database migration needs a second sign-off, from another Tech Lead or the CEO."),
                messages(decision));
    }

    @Test
    void onePersonInBothRolesFillsOneSlotAndTheOtherIsMissing() {
        for (DeploymentPolicy policy : List.of(SECURITY_LEAD, SECURITY_LEAD_ROSTER)) {
            Decision decision = policy.evaluate(release(true, false, false, approved("selam", "TECH_LEAD"),
                    approved("selam", "SECURITY_LEAD")));

            assertEquals(List.of(slot("TECH_LEAD", "selam"), slot("SECURITY_LEAD", null)), decision.approvers(),
                    decision.policy().name());
        }
    }

    @Test
    void theSlotsAreFilledSoThatAsManyAsPossibleAre() {
        for (DeploymentPolicy policy : List.of(SECURITY_LEAD, SECURITY_LEAD_ROSTER)) {
            Decision decision = policy.evaluate(release(true, false, false, approved("selam", "TECH_LEAD"),
                    approved("selam", "SECURITY_LEAD"), approved("yonas", "TECH_LEAD")));

            assertEquals(List.of(slot("TECH_LEAD", "yonas"), slot("SECURITY_LEAD", "selam")), decision.approvers(),
                    decision.policy().name());
            assertEquals(Outcome.APPROVED, decision.outcome(), decision.policy().name());
        }
    }

    @Test
    void inheritedRulesStandFirstWhateverTheFilesPaths() {
        DeploymentRequest request = release(true, false, true, approved("kebede", "SECURITY_LEAD"),
                approved("meron", "CEO"), approved("selam", "TECH_LEAD"));
        Decision decision = SECURITY_LEAD_ROSTER.evaluate(request);

        // approvals.drl sorts before reference/approvals.drl, but the reference's CEO stands before the team's role
        assertEquals(List.of(slot("TECH_LEAD", "selam"), slot("CEO", "meron"), slot("SECURITY_LEAD", "kebede")),
                decision.approvers());
        assertEquals("""
                ### Approvals
                - [x] Tech Lead: Selam Tesfaye (selam, selam@alga.et) - Approved
                - [x] CEO: Meron Alemu (meron, meron@alga.et) - Approved
                - [x] Security Lead: Kebede Girma (kebede, kebede@alga.et) - Approved
                """, approvals(SECURITY_LEAD_ROSTER, request, decision));
    }

    /**
     * Slots in the order their rules stand, whatever order the rules fire in (salience reverses it here), whether
     * the rules are compiled from DRL or to the executable model (which numbers a package's rules across its files).
     */
    @ParameterizedTest(name = "executable model: {0}")
    @ValueSource(booleans = {false, true})
    void slotsStandInTheOrderOfTheFilesAndOfTheRulesInThem(boolean model, @TempDir Path dir) throws IOException {
        Path policy = Files.createDirectories(dir.resolve("policy"));
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nname: order\n");
        String rule = """
                rule "%s"
                    @id("%s")
                    salience %d
                when
                    Deployment( production )
                then
                    findings.requireApproval("%s", "An approval as %s.");
                end
                """;
        String header = "package team;\nimport org.deploypolicy.rules.Deployment;\n"
                + "global org.deploypolicy.rules.Findings findings;\n";
        Files.writeString(policy.resolve("a.drl"), header + rule.formatted("team.qa", "team.qa", -5, "QA_LEAD", "QA")
                + rule.formatted("team.security", "team.security", 5, "SECURITY_LEAD", "Security"));
        Files.writeString(policy.resolve("b.drl"), header
                + rule.formatted("team.release", "team.release", 10, "RELEASE_MANAGER", "Release"));
        DeploymentPolicy.Builder builder = DeploymentPolicy.builder().directory(policy);
        DeploymentPolicy built = (model ? builder.compiledRulesCache(dir.resolve("cache")) : builder).build();

        Decision decision = built.evaluate(release(false, false, true));

        assertEquals(List.of("TECH_LEAD", "CEO", "QA_LEAD", "SECURITY_LEAD", "RELEASE_MANAGER"),
                decision.approvers().stream().map(Approver::role).toList());
        if (model) {
            try (Stream<Path> stored = Files.list(dir.resolve("cache/rules"))) {
                assertTrue(stored.anyMatch(file -> file.toString().endsWith(".model")), "compiled to the model");
            }
        }
    }

    @Test
    void aTeamRolesRejectionSaysTheRoleInWords() {
        Decision decision = SECURITY_LEAD.evaluate(release(true, false, false, approved("selam", "TECH_LEAD"),
                approval("kebede", "SECURITY_LEAD", Verdict.REJECTED)));

        assertEquals(List.of(new Finding("team.security-lead", Effect.BLOCK, Optional.of("kebede"),
                "Security Lead kebede rejected this change; only their own later approval lifts the rejection.",
                Optional.empty())), decision.findings());
        assertEquals(List.of(slot("TECH_LEAD", "selam"),
                new Approver("SECURITY_LEAD", Optional.empty(), Optional.of("kebede"))), decision.approvers());
    }
}
