package org.deploypolicy.bench;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.deploypolicy.Approval;
import org.deploypolicy.Approver;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.IncidentType;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Obligation;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Waiver;
import org.deploypolicy.rules.Deployment;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Rollback;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;

/**
 * The floor: the reference policy's rules written by hand in plain Java, building the same {@link Decision}
 * (findings with their messages, approvers, obligations, next allowed) as the engine, so the benchmark
 * compares equal work. It lives in the benchmark sources only and is checked against the engine on every
 * benchmark request at setup; it is the one other copy of the rules, and it reads the same settings.
 */
final class ReferenceFloor {
    private final Settings s;
    private final PolicyId policy;

    ReferenceFloor(Settings settings, PolicyId policy) {
        this.s = settings;
        this.policy = policy;
    }

    Decision evaluate(PolicyRequest request) {
        OffsetDateTime at = request.at().orElseThrow().atZoneSameInstant(s.zone()).toOffsetDateTime();
        Decision decision = evaluateAt(request, at);
        boolean windowBlock = decision.findings().stream()
                .anyMatch(f -> f.effect() == Effect.BLOCK && f.rule().startsWith("window."));
        if (!windowBlock || !(request instanceof DeploymentRequest deployment)) {
            return decision;
        }
        return new Decision(decision.requestId(), decision.outcome(), decision.findings(), decision.approvers(),
                decision.obligations(), nextAllowed(deployment, at), policy, decision.evaluatedAt());
    }

    /** One evaluation's findings, required roles, discounted votes and obligations. */
    private static final class Run {
        final List<Finding> findings = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        final List<Vote> discounted = new ArrayList<>();
        final List<Obligation> obligations = new ArrayList<>();

        void add(String rule, Effect effect, String subject, String message) {
            findings.add(new Finding(rule, effect, Optional.ofNullable(subject), message, Optional.empty()));
        }

        void discount(String rule, Vote vote, Effect effect, String message) {
            discounted.add(vote);
            add(rule, effect, vote.getBy(), message);
        }

        void obligation(String rule, String action, String detail, OffsetDateTime due) {
            obligations.add(new Obligation(rule, action, Optional.ofNullable(detail), Optional.ofNullable(due)));
        }
    }

    private Decision evaluateAt(PolicyRequest request, OffsetDateTime at) {
        Run run = new Run();
        List<Vote> votes = votes(request);
        List<Approver> approvers;
        boolean production = false;
        if (request instanceof DeploymentRequest r) {
            Deployment d = new Deployment(r, at, s);
            production = d.isProduction();
            promotion(d, run);
            windows(d, run);
            hotfix(d, run);
            approvalsNeeded(d, votes, run);
            checklist(d, run);
            obligations(d, run);
            approvers = assign(run, votes);
            if (d.isProduction() && missing(approvers, "TECH_LEAD") && noRejection(votes, "TECH_LEAD")) {
                run.add("approval.tech-lead", Effect.REQUIRE, null, "A Tech Lead's approval of "
                        + r.change().headCommit() + " is needed: the Tech Lead approves every production deployment.");
            }
            if (d.isProduction() && needsCeo(r) && missing(approvers, "CEO") && noRejection(votes, "CEO")) {
                run.add("approval.ceo", Effect.REQUIRE, null, "A " + (r.change().breaking() ? "breaking change"
                        : "major feature") + " needs the CEO's approval" + (r.change().breaking() && r.change().major()
                        ? " (it is major too)" : "") + ", from someone other than the Tech Lead who approved it.");
            }
        } else {
            RollbackRequest r = (RollbackRequest) request;
            Rollback rb = new Rollback(r, at, s);
            rollbackAuthority(rb, votes, run);
            discounts(votes, run, false, false, null);
            approvers = assign(run, votes);
            rollbackDecided(rb, approvers, run);
        }
        Map<String, Finding> strongest = new LinkedHashMap<>();
        Comparator<Finding> stronger = Comparator.comparing(Finding::effect).thenComparing(Finding::message);
        for (Finding f : run.findings) {
            strongest.merge(f.rule() + "\u0000" + f.subject(), f, (a, b) -> stronger.compare(b, a) < 0 ? b : a);
        }
        for (Waiver w : request.waivers()) {
            Finding ignored = new Finding("waiver.ignored", Effect.ADVISE, Optional.of(w.rule()), "The waiver of "
                    + w.rule() + " by " + w.by() + " does not apply: this policy grants no waivers "
                    + "(waivers.grantedBy is empty).", Optional.empty());
            strongest.merge(ignored.rule() + "\u0000" + ignored.subject(), ignored,
                    (a, b) -> stronger.compare(b, a) < 0 ? b : a);
        }
        List<Finding> findings = new ArrayList<>(strongest.values());
        findings.sort(Finding.ORDER);
        Outcome outcome = Decision.outcomeOf(findings);
        List<Obligation> obligations = outcome == Outcome.APPROVED && production ? run.obligations : List.of();
        return new Decision(request.id(), outcome, findings, approvers, obligations, Optional.empty(), policy, at);
    }

    private void promotion(Deployment d, Run run) {
        Settings.Branches b = s.branches();
        if (!b.path().contains(d.getTarget())) {
            run.add("promotion.path", Effect.BLOCK, null, "Branch " + d.getTarget()
                    + " is not on the promotion path (" + b.describe() + "); nothing deploys to it.");
        }
        String before = b.before(d.getTarget());
        if (!d.isHotfixPath() && before != null && !before.equals(d.getSource())) {
            run.add("promotion.path", Effect.BLOCK, null, d.getTarget() + " takes changes only from " + before
                    + (d.isProduction() ? " or a hotfix branch (" + b.hotfix() + ")" : "") + "; this change comes from "
                    + d.getSource() + ". Promote it through " + before + " first (" + b.describe() + ").");
        }
        if (d.isHotfixPath() && d.getBranchedFrom() != null && !d.getBranchedFrom().equals(b.production())) {
            run.add("promotion.hotfix-base", Effect.BLOCK, null, "Hotfix branch " + d.getSource() + " was cut from "
                    + d.getBranchedFrom() + "; a hotfix is cut from " + b.production()
                    + " so it carries nothing unreleased.");
        }
        if (d.isHotfixPath() && d.getBranchedFrom() == null) {
            run.add("promotion.hotfix-base", Effect.REQUIRE, null, "Say which branch " + d.getSource()
                    + " was cut from (change.branchedFrom); a hotfix is cut from " + b.production() + ".");
        }
    }

    private void windows(Deployment d, Run run) {
        if (!d.isProduction() || d.isEmergencyHotfix()) {
            return;
        }
        Settings.Windows w = s.windows();
        if (!d.isEmergency() && w.emergencyOnlyDays().contains(d.getDay())) {
            run.add("window.weekend", Effect.BLOCK, null, d.when() + ": only emergencies ("
                    + Deployment.list(s.severity().emergency()) + ") may deploy on " + d.weekdays() + "; this change "
                    + d.severityText() + ".");
        }
        if (!d.isCritical() && w.criticalOnlyDays().contains(d.getDay())) {
            run.add("window.friday", Effect.BLOCK, null, d.when() + ": only critical changes ("
                    + Deployment.list(s.severity().critical()) + ") may deploy on " + d.weekdays() + "; this change "
                    + d.severityText() + ".");
        }
        for (Freeze f : w.freezes()) {
            if (!d.isEmergency() && f.contains(d.getInstant())) {
                run.add("window.freeze", Effect.BLOCK, f.name(), d.when() + " is inside the freeze \"" + f.name()
                        + "\" (" + f.reason() + ", until " + f.to() + "): only emergencies may deploy.");
            }
        }
        if (!w.preferred().contains(d.getDay(), d.getTime())) {
            run.add("window.preferred", Effect.ADVISE, null, d.when() + " is outside the preferred window ("
                    + d.preferredText() + ").");
        }
    }

    private void hotfix(Deployment d, Run run) {
        if (d.isHotfixPath() && !d.isEmergency()) {
            run.add("hotfix.severity", Effect.BLOCK, null, "Only an emergency ("
                    + Deployment.list(s.severity().emergency()) + ") may deploy from a hotfix branch; this change "
                    + d.severityText() + ". Follow the normal path through " + s.branches().before(s.branches().production())
                    + ".");
        }
        if (d.isHotfixPath() && !d.hasLabel("HOTFIX")) {
            run.add("hotfix.label", Effect.REQUIRE, null, "Label the pull request HOTFIX, as the hotfix process asks.");
        }
        if (d.isHotfixPath()) {
            requiredChecks(d, "hotfix.tests", "; fix the hotfix until it passes.", run);
        }
    }

    private void requiredChecks(Deployment d, String rule, String failedTail, Run run) {
        for (String check : s.checks().required()) {
            CheckStatus status = d.statusOf(check);
            if (status == CheckStatus.FAILED) {
                run.add(rule, Effect.BLOCK, check, "The required check " + check + " failed on "
                        + d.getChange().headCommit() + failedTail);
            } else if (status != CheckStatus.PASSED) {
                run.add(rule, Effect.REQUIRE, check, "The required check " + check + " has "
                        + (status == null ? "not run" : "not finished") + " on " + d.getChange().headCommit()
                        + "; it must pass.");
            }
        }
    }

    private void approvalsNeeded(Deployment d, List<Vote> votes, Run run) {
        DeploymentRequest r = d.getRequest();
        if (d.isProduction()) {
            run.roles.add("TECH_LEAD");
            rejections(votes, "TECH_LEAD", "Tech Lead ", run, "approval.tech-lead");
            if (needsCeo(r)) {
                run.roles.add("CEO");
                rejections(votes, "CEO", "CEO ", run, "approval.ceo");
            }
        }
        discounts(votes, run, true, d.isHotfixPath(), d.getChange().headCommit());
        int required = s.reviews().requiredFor(d.getTarget());
        if (required > d.getApprovingReviews()) {
            run.add("review.count", Effect.REQUIRE, null, d.getTarget() + " needs " + required
                    + " approving review(s) on the pull request; it has " + d.getApprovingReviews() + ".");
        }
        if (!d.isCodeOwnerApproved() && s.reviews().codeOwner().contains(d.getTarget())) {
            run.add("review.code-owner", Effect.REQUIRE, null, "A code owner's approving review is needed for "
                    + d.getTarget() + ".");
        }
    }

    private static void rejections(List<Vote> votes, String role, String title, Run run, String rule) {
        for (Vote v : votes) {
            if (v.getRole().equals(role) && v.isRejected() && v.isRoleHeld()) {
                run.add(rule, Effect.BLOCK, v.getBy(), title + v.getBy()
                        + " rejected this change; only their own later approval lifts the rejection.");
            }
        }
    }

    /** approval.self, approval.roster, approval.stale and hotfix.verbal-approval, for votes in required roles. */
    private static void discounts(List<Vote> votes, Run run, boolean deployment, boolean hotfixPath, String head) {
        for (Vote v : votes) {
            if (!v.isApproved() || !run.roles.contains(v.getRole())) {
                continue;
            }
            if (v.isSelf()) {
                run.discount("approval.self", v, Effect.ADVISE, v.getBy() + " asked for or wrote this change, so "
                        + "their approval as " + v.getRole() + " does not count: nobody approves their own change.");
            }
            if (!v.isRoleHeld()) {
                run.discount("approval.roster", v, Effect.ADVISE, "The roster does not give " + v.getBy()
                        + " the role " + v.getRole() + ", so their approval in it does not count.");
            }
            if (v.isStale()) {
                run.discount("approval.stale", v, Effect.ADVISE, v.getBy() + " approved " + v.getCommit()
                        + ", not the head commit " + head + "; approve the head again.");
            }
            if (deployment && v.isVerbal() && hotfixPath && v.getRole().equals("TECH_LEAD") && !v.isDocumented()) {
                run.discount("hotfix.verbal-approval", v, Effect.REQUIRE, "Document " + v.getBy()
                        + "'s verbal approval (approvals[].reference, e.g. the PR description); until then it does "
                        + "not count.");
            }
            if (deployment && v.isVerbal() && (!hotfixPath || !v.getRole().equals("TECH_LEAD"))) {
                run.discount("hotfix.verbal-approval", v, Effect.ADVISE, "A verbal approval counts only from the "
                        + "Tech Lead on the hotfix path; " + v.getBy() + "'s as " + v.getRole()
                        + " does not. Approve on the pull request.");
            }
        }
    }

    private void checklist(Deployment d, Run run) {
        if (!d.isHotfixPath() && s.branches().before(d.getTarget()) != null) {
            requiredChecks(d, "checklist.tests", "; fix it before deploying to " + d.getTarget() + ".", run);
        }
        if (!d.isProduction()) {
            return;
        }
        boolean skips = d.isEmergencyHotfix();
        if (!skips && !d.isSecurityScanCompleted()) {
            run.add("checklist.security-scan", Effect.REQUIRE, null,
                    "Run the security scan and record it (checklist.securityScanCompleted).");
        }
        Integer vulnerabilities = d.getCriticalVulnerabilities();
        if (vulnerabilities != null && vulnerabilities > 0) {
            run.add("checklist.vulnerabilities", Effect.BLOCK, null, "The security scan found " + vulnerabilities
                    + " critical vulnerabilities; fix them before deploying.");
        }
        if (!skips && vulnerabilities == null) {
            run.add("checklist.vulnerabilities", Effect.REQUIRE, null, "Record how many critical vulnerabilities "
                    + "the scan found (checklist.criticalVulnerabilities).");
        }
        if (!skips && !d.isStagingVerified()) {
            run.add("checklist.staging", Effect.REQUIRE, null,
                    "Verify the change on staging and record it (checklist.stagingVerified).");
        }
        if (d.getChange().databaseMigrations() && !d.isMigrationsReviewed()) {
            run.add("checklist.migrations", Effect.REQUIRE, null, "This change migrates the database: have the "
                    + "migrations reviewed (checklist.migrationsReviewed).");
        }
        if (!d.isRollbackPlanDocumented()) {
            run.add("checklist.rollback-plan", Effect.REQUIRE, null,
                    "Document the rollback plan (checklist.rollbackPlanDocumented).");
        }
        if (skips) {
            return;
        }
        String dr = s.checks().disasterRecovery();
        if (d.statusOf(dr) == CheckStatus.FAILED) {
            run.add("checklist.disaster-recovery", Effect.BLOCK, null, "The disaster-recovery test (" + dr
                    + ") failed; fix it first.");
        } else if (d.statusOf(dr) != CheckStatus.PASSED) {
            run.add("checklist.disaster-recovery", Effect.REQUIRE, null, "Run the disaster-recovery test (" + dr
                    + ") on staging; it must pass.");
        }
        String pr = s.checks().paymentReconciliation();
        if (d.getChange().paymentRelated() && d.statusOf(pr) == CheckStatus.FAILED) {
            run.add("checklist.payment-reconciliation", Effect.BLOCK, null, "Payment reconciliation (" + pr
                    + ") failed; fix it first.");
        } else if (d.getChange().paymentRelated() && d.statusOf(pr) != CheckStatus.PASSED) {
            run.add("checklist.payment-reconciliation", Effect.REQUIRE, null, "This change is payment-related: "
                    + "run payment reconciliation (" + pr + "); it must pass.");
        }
    }

    private void obligations(Deployment d, Run run) {
        if (!d.isProduction()) {
            return;
        }
        Settings.Obligations o = s.obligations();
        run.obligation("obligation.health-check", "Verify the health endpoint", o.healthEndpoint(), null);
        run.obligation("obligation.monitoring", "Monitor the deployment", "for " + o.monitoring().toMinutes()
                + " minutes", d.after(o.monitoring()));
        run.obligation("obligation.smoke-tests", "Run the smoke tests", null, null);
        run.obligation("obligation.rollback-ready", "Keep the rollback plan ready", null, null);
        if (d.isHotfixPath()) {
            run.obligation("hotfix.post-incident", "Write the full incident documentation", "within "
                    + o.postIncident().toHours() + " hours", d.after(o.postIncident()));
        }
        if (!d.isEmergencyHotfix()) {
            return;
        }
        if (!d.isSecurityScanCompleted()) {
            run.obligation("obligation.security-scan", "Run the security scan the hotfix skipped", null,
                    d.after(o.postIncident()));
        }
        if (d.statusOf(s.checks().disasterRecovery()) != CheckStatus.PASSED) {
            run.obligation("obligation.disaster-recovery", "Run the disaster-recovery test the hotfix skipped",
                    s.checks().disasterRecovery(), d.after(o.postIncident()));
        }
        if (d.getChange().paymentRelated() && d.statusOf(s.checks().paymentReconciliation()) != CheckStatus.PASSED) {
            run.obligation("obligation.payment-reconciliation", "Run the payment reconciliation the hotfix skipped",
                    s.checks().paymentReconciliation(), d.after(o.postIncident()));
        }
    }

    private void rollbackAuthority(Rollback r, List<Vote> votes, Run run) {
        String rule = ruleOf(r.getType());
        double threshold = s.rollback().apiErrorThreshold();
        boolean techLead = r.requesterHolds("TECH_LEAD");
        boolean own = switch (r.getType()) {
            case API_ERRORS -> techLead || r.requesterHolds("ON_CALL") && r.getApiErrorRate() > threshold;
            case PAYMENT_FAILURES, CUSTOMER_BUG -> techLead;
            case SECURITY_INCIDENT -> r.isRequesterListed();
        };
        if (own) {
            run.add(rule, Effect.ADVISE, null, switch (r.getType()) {
                case API_ERRORS -> techLead ? r.getRequesterId() + " may roll back as the Tech Lead."
                        : "API error rate " + Rollback.percent(r.getApiErrorRate()) + " is above "
                        + Rollback.percent(threshold) + ": " + r.getRequesterId() + " may roll back as the on-call engineer.";
                case PAYMENT_FAILURES -> r.getRequesterId() + " may roll back payment failures as the Tech Lead.";
                case SECURITY_INCIDENT -> "Anyone may roll back a security incident; " + r.getRequesterId() + " does.";
                case CUSTOMER_BUG -> r.getRequesterId() + " may roll back a customer-reported bug as the Tech Lead.";
            });
        } else {
            run.roles.add("TECH_LEAD");
        }
        for (Vote v : votes) {
            if (v.getRole().equals("TECH_LEAD") && v.isRejected() && v.isRoleHeld()) {
                run.add(rule, Effect.BLOCK, null, "Tech Lead " + v.getBy() + " rejected this rollback.");
            }
        }
    }

    private void rollbackDecided(Rollback r, List<Approver> approvers, Run run) {
        if (!run.roles.contains("TECH_LEAD")) {
            return;
        }
        String rule = ruleOf(r.getType());
        if (missing(approvers, "TECH_LEAD")) {
            run.add(rule, Effect.REQUIRE, null, switch (r.getType()) {
                case API_ERRORS -> "A Tech Lead approves this rollback: " + r.getRequesterId()
                        + " is not on call or the API error rate is not above the threshold.";
                case PAYMENT_FAILURES -> "Only the Tech Lead rolls back payment failures: a Tech Lead approves this rollback.";
                case SECURITY_INCIDENT -> r.getRequesterId() + " is not on the roster: a Tech Lead approves this rollback.";
                case CUSTOMER_BUG -> "A customer-reported bug is rolled back with the Tech Lead's approval.";
            });
        } else {
            run.add(rule, Effect.ADVISE, null, "Rollback granted on Tech Lead "
                    + approvers.get(0).satisfiedBy().orElseThrow() + "'s approval.");
        }
    }

    private static String ruleOf(IncidentType type) {
        return switch (type) {
            case API_ERRORS -> "rollback.api-errors";
            case PAYMENT_FAILURES -> "rollback.payments";
            case SECURITY_INCIDENT -> "rollback.security";
            case CUSTOMER_BUG -> "rollback.customer-bug";
        };
    }

    private List<Vote> votes(PolicyRequest request) {
        String head = request instanceof DeploymentRequest d ? d.change().headCommit() : null;
        String author = request instanceof DeploymentRequest d ? d.change().author() : null;
        Map<String, Integer> latest = new LinkedHashMap<>();
        List<Approval> approvals = request.approvals();
        for (int i = 0; i < approvals.size(); i++) {
            Approval a = approvals.get(i);
            latest.merge(a.by() + "\u0000" + a.role(), i, (kept, next) -> {
                Optional<OffsetDateTime> k = approvals.get(kept).at();
                Optional<OffsetDateTime> n = approvals.get(next).at();
                return k.isEmpty() || n.isPresent() && !n.get().toInstant().isBefore(k.get().toInstant()) ? next : kept;
            });
        }
        List<Vote> votes = new ArrayList<>();
        for (int i : latest.values().stream().sorted().toList()) {
            Approval a = approvals.get(i);
            boolean stale = head != null && a.commit().map(c -> !Vote.sameCommit(c, head)).orElse(false);
            boolean self = a.by().equals(request.requester().id()) || a.by().equals(author);
            boolean documented = a.reference().filter(ReferenceFloor::holdsText).isPresent();
            votes.add(new Vote(a, i, stale, self, s.holds(a.by(), a.role(), List.of(a.role())), documented));
        }
        return votes;
    }

    /**
     * Roles in order, one person each, as many filled as possible, the earlier role taking the earlier approver
     * (the reference requires two roles at most).
     */
    private static List<Approver> assign(Run run, List<Vote> votes) {
        List<List<String>> candidates = run.roles.stream().map(role -> votes.stream()
                .filter(v -> v.isApproved() && v.getRole().equals(role) && !run.discounted.contains(v))
                .map(Vote::getBy).toList()).toList();
        String[] chosen = new String[run.roles.size()];
        if (chosen.length == 1) {
            chosen[0] = candidates.get(0).stream().findFirst().orElse(null);
        } else if (chosen.length == 2) {
            for (String first : candidates.get(0)) {
                String second = candidates.get(1).stream().filter(by -> !by.equals(first)).findFirst().orElse(null);
                if (second != null) {
                    chosen[0] = first;
                    chosen[1] = second;
                    break;
                }
            }
            if (chosen[0] == null) {
                chosen[0] = candidates.get(0).stream().findFirst().orElse(null);
                chosen[1] = chosen[0] != null ? null : candidates.get(1).stream().findFirst().orElse(null);
            }
        }
        List<Approver> approvers = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            String role = run.roles.get(i);
            String rejectedBy = votes.stream().filter(v -> v.isRejected() && v.isRoleHeld() && v.getRole().equals(role))
                    .map(Vote::getBy).findFirst().orElse(null);
            approvers.add(new Approver(role, Optional.ofNullable(chosen[i]), Optional.ofNullable(rejectedBy)));
        }
        return approvers;
    }

    private static boolean missing(List<Approver> approvers, String role) {
        return approvers.stream().anyMatch(a -> a.role().equals(role) && a.satisfiedBy().isEmpty());
    }

    private static boolean noRejection(List<Vote> votes, String role) {
        return votes.stream().noneMatch(v -> v.getRole().equals(role) && v.isRejected() && v.isRoleHeld());
    }

    private static boolean needsCeo(DeploymentRequest r) {
        return r.change().major() || r.change().breaking();
    }

    private Optional<NextAllowed> nextAllowed(DeploymentRequest request, OffsetDateTime at) {
        ZonedDateTime local = at.atZoneSameInstant(s.zone());
        OffsetDateTime allowed = null;
        OffsetDateTime previous = at;
        for (int day = 0; day <= 400; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            TreeSet<OffsetDateTime> times = new TreeSet<>();
            OffsetDateTime midnight = date.plusDays(1).atStartOfDay(s.zone()).toOffsetDateTime();
            times.add(midnight);
            if (s.windows().preferred().days().contains(date.getDayOfWeek())) {
                times.add(date.atTime(s.windows().preferred().from()).atZone(s.zone()).toOffsetDateTime());
                times.add(date.atTime(s.windows().preferred().to()).atZone(s.zone()).toOffsetDateTime());
            }
            for (Freeze f : s.windows().freezes()) {
                for (OffsetDateTime edge : List.of(f.from(), f.to())) {
                    OffsetDateTime local2 = edge.atZoneSameInstant(s.zone()).toOffsetDateTime();
                    if (!local2.isBefore(date.atStartOfDay(s.zone()).toOffsetDateTime()) && !local2.isAfter(midnight)) {
                        times.add(local2);
                    }
                }
            }
            for (OffsetDateTime t : times) {
                if (!t.isAfter(previous)) {
                    continue;
                }
                previous = t;
                Run run = new Run();
                windows(new Deployment(request, t, s), run);
                List<Finding> windows = run.findings;
                if (allowed == null && windows.stream().noneMatch(f -> f.effect() == Effect.BLOCK)) {
                    allowed = t;
                }
                if (windows.isEmpty()) {
                    return Optional.of(new NextAllowed(allowed, Optional.of(t)));
                }
            }
        }
        return allowed == null ? Optional.empty() : Optional.of(new NextAllowed(allowed, Optional.empty()));
    }

    /**
     * Whether a reference documents anything: a character that is not white space, a control or a format character
     * (the floor's plain reading of the library's rule; the bench's requests hold no exotic spaces).
     */
    private static boolean holdsText(String reference) {
        return reference.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT);
    }
}
