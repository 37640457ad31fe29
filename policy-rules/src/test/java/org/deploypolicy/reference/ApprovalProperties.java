package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.deploypolicy.Approval;
import org.deploypolicy.Approver;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;

/**
 * What must hold for every request under the reference approval rules (docs/policy.md "Approvals", "How approvals are
 * counted", "Approval requirements", "Checklist gates", "Outcomes"): more approvals that count never hurt (under
 * requirements of every shape, the test policies' too), a BLOCK cause taken away never hurts, every outcome is
 * explained by a finding, and a failed required check is never approved.
 * Outcomes are ordered APPROVED, PENDING, REJECTED (worst).
 */
class ApprovalProperties {
    private static final ZoneId EAT = ZoneId.of("Africa/Addis_Ababa");
    private static final String HEAD = "9f2c1e7a4d";
    /** abebe writes every change and dawit asks for it; selam, yonas and meron are reviewers. */
    private static final String AUTHOR = "abebe";
    private static final String REQUESTER = "dawit";
    private static final List<String> PEOPLE = List.of("selam", "yonas", "meron", AUTHOR, REQUESTER);
    private static final List<String> CHECKS = List.of("api-tests", "disaster-recovery-test", "payment-reconciliation");

    // --- arbitraries ---------------------------------------------------------------------------------------------

    /** Mostly {@code usual} (six times in seven), else one of the others: requests near the edge of approval. */
    @SafeVarargs
    private static <T> Arbitrary<T> mostly(T usual, T... others) {
        List<Tuple.Tuple2<Integer, T>> weighted = new ArrayList<>();
        weighted.add(Tuple.of(6 * Math.max(1, others.length), usual));
        for (T other : others) {
            weighted.add(Tuple.of(1, other));
        }
        return Arbitraries.frequency(weighted);
    }

    /** Verdict times: few, so that ties happen; sometimes none at all. */
    @Provide
    Arbitrary<Optional<OffsetDateTime>> verdictTimes() {
        return Arbitraries.integers().between(0, 3)
                .map(m -> OffsetDateTime.parse("2026-11-24T09:00:00+03:00").plusMinutes(10L * m))
                .injectNull(0.3).map(Optional::ofNullable);
    }

    /**
     * Approvals of every kind, most of them counting: current, short, other-case and stale commits, verbal or not,
     * by reviewers, the author or the requester.
     */
    @Provide
    Arbitrary<Approval> approvals() {
        return Combinators.combine(
                Arbitraries.of(PEOPLE),
                Arbitraries.of("TECH_LEAD", "TECH_LEAD", "CEO", "SECURITY_LEAD"),
                mostly(Verdict.APPROVED, Verdict.REJECTED),
                mostly(HEAD, "9f2c1e7", "9F2C1E7A4D", "9f2c1e", "0d15ea5"),
                mostly(Channel.PULL_REQUEST, Channel.VERBAL),
                Arbitraries.of("PR #311 description").injectNull(0.5),
                verdictTimes())
                .as((by, role, verdict, commit, channel, reference, at) -> new Approval(by, role, verdict,
                        Optional.of(commit), channel, Optional.ofNullable(reference), at));
    }

    @Provide
    Arbitrary<Change> changes() {
        return Combinators.combine(
                Arbitraries.of(Severity.P1, Severity.P1, Severity.P2, Severity.P3, Severity.P4).injectNull(0.5),
                mostly(false, true),
                mostly(false, true),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                mostly("main", "dev", null),
                mostly(List.of("HOTFIX"), List.<String>of()))
                .as((severity, major, breaking, payments, migrations, branchedFrom, labels) -> new Change(
                        Optional.of("A change"), ChangeType.FEATURE, Optional.ofNullable(severity), major, breaking,
                        payments, migrations, AUTHOR, HEAD, Optional.ofNullable(branchedFrom), labels));
    }

    @Provide
    Arbitrary<Map<String, CheckStatus>> checks() {
        Arbitrary<CheckStatus> status = mostly(CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.PENDING, null);
        return Combinators.combine(status, status, status).as((a, b, c) -> {
            Map<String, CheckStatus> checks = new HashMap<>();
            CheckStatus[] statuses = {a, b, c};
            for (int i = 0; i < CHECKS.size(); i++) {
                if (statuses[i] != null) {
                    checks.put(CHECKS.get(i), statuses[i]);
                }
            }
            return checks;
        });
    }

    @Provide
    Arbitrary<Checklist> checklists() {
        Arbitrary<Optional<Boolean>> item = mostly(Optional.of(true), Optional.of(false), Optional.<Boolean>empty());
        Arbitrary<OptionalInt> vulnerabilities = mostly(OptionalInt.of(0), OptionalInt.of(1), OptionalInt.of(3),
                OptionalInt.empty());
        return Combinators.combine(item, vulnerabilities, item, item, item).as(Checklist::new);
    }

    /** Any time in two weeks (2026-11-23 is a Monday), mostly Monday to Thursday. */
    @Provide
    Arbitrary<OffsetDateTime> times() {
        Arbitrary<Integer> week = Arbitraries.integers().between(0, 1);
        Arbitrary<Integer> day = mostly(0, 4, 5, 6).flatMap(d -> d == 0 ? Arbitraries.integers().between(0, 3)
                : Arbitraries.just(d));
        Arbitrary<Integer> minute = Arbitraries.integers().between(0, 24 * 60 - 1);
        return Combinators.combine(week, day, minute).as((w, d, m) ->
                OffsetDateTime.parse("2026-11-23T00:00:00+03:00").plusDays(7L * w + d).plusMinutes(m));
    }

    private Arbitrary<DeploymentRequest> deploymentsTo(Arbitrary<String> targets) {
        return Combinators.combine(
                times(),
                Arbitraries.frequency(Tuple.of(6, "staging"), Tuple.of(3, "hotfix/fix-login"), Tuple.of(1, "dev")),
                targets,
                changes(),
                approvals().list().ofMaxSize(4),
                Combinators.combine(mostly(1, 0, 2), mostly(true, false)).as(Reviews::new),
                checks(),
                checklists())
                .as((at, source, target, change, approvals, reviews, checks, checklist) -> new DeploymentRequest(
                        "DEP-P", Optional.of(at), target.equals("staging") ? "dev" : source, target,
                        new Requester(REQUESTER, List.of("DEVELOPER")), change, approvals, reviews, checks,
                        checklist, List.of()));
    }

    /** Production deployments (into main) of every kind: normal path, hotfix path, stage skipped. */
    @Provide
    Arbitrary<DeploymentRequest> productionDeployments() {
        return deploymentsTo(Arbitraries.just("main"));
    }

    /** Deployments into staging or main: where a required check gates. */
    @Provide
    Arbitrary<DeploymentRequest> gatedDeployments() {
        return deploymentsTo(Arbitraries.of("staging", "main"));
    }

    @Provide
    Arbitrary<RollbackRequest> rollbacks() {
        return Combinators.combine(
                Arbitraries.of(IncidentType.class),
                Arbitraries.of(0.01, 0.05, 0.0501, 0.2),
                Arbitraries.of(PEOPLE),
                Arbitraries.of(List.of("DEVELOPER"), List.of("ON_CALL"), List.of("TECH_LEAD"), List.<String>of()),
                approvals().map(a -> new Approval(a.by(), a.role(), a.verdict(), Optional.empty(), a.channel(),
                        a.reference(), a.at())).list().ofMaxSize(3),
                times())
                .as((type, rate, requester, roles, approvals, at) -> new RollbackRequest("RB-P", Optional.of(at),
                        new Requester(requester, roles),
                        new Incident(type, type == IncidentType.API_ERRORS ? OptionalDouble.of(rate)
                                : OptionalDouble.empty(), Optional.empty()),
                        approvals, List.of()));
    }

    @Provide
    Arbitrary<PolicyRequest> anyRequests() {
        return Arbitraries.oneOf(productionDeployments(), deploymentsTo(Arbitraries.of("staging", "dev")),
                rollbacks());
    }

    /**
     * The reference and the test policies that require approvals of every shape, each with the roles its
     * requirements name: one person holding a role (the reference's Tech Lead and CEO; a Security Lead, with and
     * without a roster), two people holding one (two Tech Leads), one holding any of several (a Tech Lead or the CEO).
     */
    enum Requiring {
        REFERENCE(null, "TECH_LEAD", "CEO"),
        TWO_TECH_LEADS("two-tech-leads", "TECH_LEAD", "CEO"),
        TECH_LEAD_OR_CEO("tech-lead-or-ceo", "TECH_LEAD", "CEO"),
        SECURITY_LEAD("security-lead", "TECH_LEAD", "CEO", "SECURITY_LEAD"),
        SECURITY_LEAD_ROSTER("security-lead-roster", "TECH_LEAD", "CEO", "SECURITY_LEAD");

        private final String directory;
        final List<String> roles;
        private volatile DeploymentPolicy policy;

        Requiring(String directory, String... roles) {
            this.directory = directory;
            this.roles = List.of(roles);
        }

        DeploymentPolicy policy() {
            if (policy == null) {
                policy = directory == null ? Reference.POLICY : Reference.testPolicy(directory);
            }
            return policy;
        }
    }

    // --- properties ----------------------------------------------------------------------------------------------

    @Property(tries = 400)
    void anApprovalThatCountsNeverMakesAProductionDecisionWorse(
            @ForAll("productionDeployments") DeploymentRequest request, @ForAll Requiring requiring,
            @ForAll @IntRange(min = 0, max = 2) int roleChoice, @ForAll("verdictTimes") Optional<OffsetDateTime> at,
            @ForAll @IntRange(min = 0, max = 4) int position) {
        DeploymentPolicy policy = requiring.policy();
        String role = requiring.roles.get(roleChoice % requiring.roles.size());
        Decision before = policy.evaluate(request);
        List<Approval> approvals = new ArrayList<>(request.approvals());
        // A new person (not the requester, not the author, no earlier verdict, every role on the roster), the head
        // commit, the pull request: an approval that counts.
        approvals.add(Math.min(position, approvals.size()),
                new Approval("nahom", role, Verdict.APPROVED, Optional.of(HEAD), Channel.PULL_REQUEST,
                        Optional.empty(), at));
        Decision after = policy.evaluate(Reference.withApprovals(request, approvals));

        assertTrue(after.outcome().compareTo(before.outcome()) <= 0,
                () -> "adding nahom's approval as " + role + " made " + before.outcome() + " into " + after.outcome()
                        + "\nbefore: " + before.findings() + "\nafter: " + after.findings());
        assertTrue(blocks(after).equals(blocks(before)), () -> "the BLOCK findings changed: " + before.findings()
                + " -> " + after.findings());
        // The same slots, as many filled as possible: one more at most (nahom fills one, perhaps letting another
        // move), and one more at least when a slot the role may fill was empty.
        assertEquals(before.approvers().size(), after.approvers().size(), "the slots changed");
        boolean roomForNahom = before.approvers().stream().anyMatch(slot -> slot.satisfiedBy().isEmpty()
                && (slot.anyOf().isEmpty() ? slot.role().equals(role) : slot.anyOf().contains(role)));
        long more = filled(after) - filled(before);
        assertTrue(more == 1 || more == 0 && !roomForNahom,
                () -> "nahom approved as " + role + ": " + before.approvers() + " -> " + after.approvers());
    }

    private static long filled(Decision decision) {
        return decision.approvers().stream().filter(slot -> slot.satisfiedBy().isPresent()).count();
    }

    /** A way to take away one kind of BLOCK cause, and the rules whose BLOCKs it takes away. */
    enum Cause {
        FAILED_CHECKS(Set.of("checklist.tests", "hotfix.tests", "checklist.disaster-recovery",
                "checklist.payment-reconciliation"), r -> {
            Map<String, CheckStatus> checks = new HashMap<>(r.checks());
            checks.replaceAll((name, status) -> status == CheckStatus.FAILED ? CheckStatus.PASSED : status);
            return Reference.withChecks(r, checks);
        }),
        CRITICAL_VULNERABILITIES(Set.of("checklist.vulnerabilities"), r -> {
            Checklist c = r.checklist();
            boolean found = c.criticalVulnerabilities().isPresent() && c.criticalVulnerabilities().getAsInt() > 0;
            return !found ? r : Reference.withChecklist(r, new Checklist(c.securityScanCompleted(), OptionalInt.of(0),
                    c.stagingVerified(), c.migrationsReviewed(), c.rollbackPlanDocumented()));
        }),
        REJECTIONS(Set.of("approval.tech-lead", "approval.ceo"), r -> Reference.withApprovals(r,
                r.approvals().stream().filter(a -> a.verdict() != Verdict.REJECTED).toList())),
        WEEKEND_OR_FRIDAY(Set.of("window.weekend", "window.friday"), r -> {
            OffsetDateTime at = r.at().orElseThrow().atZoneSameInstant(EAT).toOffsetDateTime();
            DayOfWeek day = at.getDayOfWeek();
            if (day != DayOfWeek.FRIDAY && day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                return r;
            }
            return r.withAt(at.with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0));
        }),
        SKIPPED_STAGE(Set.of("promotion.path"), r -> r.source().equals("dev") ? Reference.withSource(r, "staging") : r),
        HOTFIX_BASE(Set.of("promotion.hotfix-base"), r -> r.change().branchedFrom().filter(b -> !b.equals("main"))
                .isPresent() ? Reference.withChange(r, Reference.withBranchedFrom(r.change(), "main")) : r);

        final Set<String> rules;
        final UnaryOperator<DeploymentRequest> removal;

        Cause(Set<String> rules, UnaryOperator<DeploymentRequest> removal) {
            this.rules = rules;
            this.removal = removal;
        }
    }

    @Property(tries = 300)
    void takingAwayABlockCauseNeverMakesADecisionWorse(@ForAll("productionDeployments") DeploymentRequest request,
                                                       @ForAll Cause cause) {
        Decision before = Reference.POLICY.evaluate(request);
        Decision after = Reference.POLICY.evaluate(cause.removal.apply(request));

        assertTrue(after.outcome().compareTo(before.outcome()) <= 0,
                () -> "taking away " + cause + " made " + before.outcome() + " into " + after.outcome()
                        + "\nbefore: " + before.findings() + "\nafter: " + after.findings());
        Set<String> left = blocks(after);
        Set<String> expected = blocks(before).stream().filter(b -> !cause.rules.contains(b.split(" ")[0]))
                .collect(Collectors.toSet());
        assertTrue(expected.containsAll(left), () -> "taking away " + cause + " left or added BLOCKs: " + left
                + ", expected at most " + expected);
    }

    @Property(tries = 400)
    void everyRejectionHasABlockAndEveryPendingDecisionARequire(@ForAll("anyRequests") PolicyRequest request,
                                                                 @ForAll Requiring requiring) {
        Decision decision = requiring.policy().evaluate(request);
        boolean block = decision.findings().stream().anyMatch(f -> f.counts() && f.effect() == Effect.BLOCK);
        boolean require = decision.findings().stream().anyMatch(f -> f.counts() && f.effect() == Effect.REQUIRE);
        switch (decision.outcome()) {
            case REJECTED -> assertTrue(block, () -> "REJECTED without a BLOCK: " + decision.findings());
            case PENDING -> assertTrue(require && !block, () -> "PENDING without a REQUIRE: " + decision.findings());
            case APPROVED -> assertTrue(!require && !block, () -> "APPROVED despite " + decision.findings());
        }
        if (decision.outcome() != Outcome.APPROVED) {
            assertEquals(List.of(), decision.obligations(), "obligations on a decision that is not APPROVED");
        }
    }

    @Property(tries = 300)
    void noDecisionIsApprovedWhenARequiredCheckFailed(@ForAll("gatedDeployments") DeploymentRequest request) {
        Map<String, CheckStatus> checks = new HashMap<>(request.checks());
        checks.put("api-tests", CheckStatus.FAILED);
        Decision decision = Reference.POLICY.evaluate(Reference.withChecks(request, checks));

        assertNotEquals(Outcome.APPROVED, decision.outcome());
        assertTrue(decision.findings().stream().anyMatch(f -> f.effect() == Effect.BLOCK
                        && f.subject().equals(Optional.of("api-tests"))
                        && (f.rule().equals("checklist.tests") || f.rule().equals("hotfix.tests"))),
                () -> "no BLOCK names the failed api-tests: " + decision.findings());
    }

    // --- who fills each role (Decision.approvers; scenario files do not compare it) ------------------------------

    private static Approval approval(String by, String role, Verdict verdict) {
        return new Approval(by, role, verdict, Optional.of("9f2c1e7"), Channel.PULL_REQUEST, Optional.empty(),
                Optional.empty());
    }

    private static List<Approver> approversOf(boolean breaking, Approval... approvals) {
        DeploymentRequest release = Reference.release("2026-11-24T10:30:00+03:00");
        Change c = release.change();
        Change change = new Change(c.summary(), c.type(), c.severity(), c.major(), breaking, c.paymentRelated(),
                c.databaseMigrations(), c.author(), c.headCommit(), c.branchedFrom(), c.labels());
        return Reference.POLICY.evaluate(Reference.withApprovals(Reference.withChange(release, change),
                List.of(approvals))).approvers();
    }

    @Example
    void aChangeThatIsNotMajorOrBreakingNeedsOnlyTheTechLead() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("selam"), Optional.empty())),
                approversOf(false, approval("selam", "TECH_LEAD", Verdict.APPROVED),
                        approval("meron", "CEO", Verdict.APPROVED)));
    }

    @Example
    void aTechLeadWhoAlsoApprovesAsCeoFillsOnlyTheTechLead() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("selam"), Optional.empty()),
                        new Approver("CEO", Optional.empty(), Optional.empty())),
                approversOf(true, approval("selam", "TECH_LEAD", Verdict.APPROVED),
                        approval("selam", "CEO", Verdict.APPROVED)));
    }

    @Example
    void rolesAreAssignedSoThatAsManyAsPossibleAreFilled() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("yonas"), Optional.empty()),
                        new Approver("CEO", Optional.of("selam"), Optional.empty())),
                approversOf(true, approval("selam", "TECH_LEAD", Verdict.APPROVED),
                        approval("selam", "CEO", Verdict.APPROVED), approval("yonas", "TECH_LEAD", Verdict.APPROVED)));
    }

    @Example
    void amongEqualAssignmentsTheEarliestApproverInTheListFillsTheRole() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("yonas"), Optional.empty()),
                        new Approver("CEO", Optional.of("meron"), Optional.empty())),
                approversOf(true, approval("yonas", "TECH_LEAD", Verdict.APPROVED),
                        approval("selam", "TECH_LEAD", Verdict.APPROVED), approval("meron", "CEO", Verdict.APPROVED)));
    }

    @Example
    void aRejectionIsShownBesideWhoFillsTheRole() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.of("yonas"), Optional.of("selam"))),
                approversOf(false, approval("selam", "TECH_LEAD", Verdict.REJECTED),
                        approval("yonas", "TECH_LEAD", Verdict.APPROVED)));
    }

    @Example
    void anApprovalThatDoesNotCountFillsNothing() {
        assertEquals(List.of(new Approver("TECH_LEAD", Optional.empty(), Optional.empty())),
                approversOf(false, approval("abebe", "TECH_LEAD", Verdict.APPROVED)));
    }

    private static Set<String> blocks(Decision decision) {
        return decision.findings().stream().filter(f -> f.counts() && f.effect() == Effect.BLOCK)
                .map(ApprovalProperties::key).collect(Collectors.toSet());
    }

    private static String key(Finding f) {
        return f.rule() + " " + f.subject().orElse("");
    }
}
