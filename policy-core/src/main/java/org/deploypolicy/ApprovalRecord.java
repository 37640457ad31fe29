package org.deploypolicy;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.RosterEntry;
import org.deploypolicy.rules.Rollback;
import org.deploypolicy.rules.Settings;

/**
 * A decision as the document a team hands around: for a deployment, the workflow's "Production Deployment
 * Approval" record (its Markdown template, filled from the request, the decision and the roster's names and
 * contacts); for a rollback, a short record of the same kind. What the request does not say is written as
 * unknown, never guessed.
 */
public final class ApprovalRecord {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd (EEEE HH:mm zzz)", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);

    private final Settings settings;
    /** The ids of the rules that decide a rollback ({@code @decides(rollback)}): the rollback's authority. */
    private final Set<String> rollbackRules;
    private final StringBuilder out = new StringBuilder();

    private ApprovalRecord(Settings settings, Set<String> rollbackRules) {
        this.settings = settings;
        this.rollbackRules = rollbackRules;
    }

    /**
     * The record of a decision in Markdown.
     *
     * @param policy   the policy that made the decision (for its zone and roster)
     * @param request  the request decided
     * @param decision its decision
     */
    public static String markdown(DeploymentPolicy policy, PolicyRequest request, Decision decision) {
        ApprovalRecord record = new ApprovalRecord(policy.settings(), policy.rollbackRuleIds());
        if (request instanceof DeploymentRequest deployment) {
            record.deployment(deployment, decision);
        } else {
            record.rollback((RollbackRequest) request, decision);
        }
        return record.out.toString();
    }

    private void deployment(DeploymentRequest r, Decision d) {
        Change c = r.change();
        line("## Production Deployment Approval");
        line("");
        line("**Date:** " + DATE.format(local(d.evaluatedAt())));
        line("**Requester:** " + person(r.requester().id()));
        line("**Changes:** " + c.summary().orElse("(no summary)") + " (" + c.type() + c.severity().map(s -> " " + s).orElse("")
                + (c.major() ? ", major" : "") + (c.breaking() ? ", breaking" : "") + "; " + r.source() + " -> "
                + r.target() + " at " + c.headCommit() + ")");
        line("**Decision:** " + d.outcome() + " (" + d.requestId() + ", policy " + d.policy().name() + " "
                + d.policy().version() + ")");
        line("");
        line("### Pre-Deployment Checklist");
        item(r.reviews().approving() > 0, "Code reviewed by: " + r.reviews().approving() + " approving review(s)"
                + (r.reviews().codeOwnerApproved() ? ", a code owner among them" : ", no code owner yet"));
        String tests = tests(r);
        item(tests.equals("Yes"), "Tests pass: " + tests);
        item(r.checklist().stagingVerified().orElse(false), "Staging verified: " + yesNo(r.checklist().stagingVerified()));
        String scan = scan(r.checklist());
        item(scan.equals("Pass"), "Security scan: " + scan);
        String database = !c.databaseMigrations() ? "None"
                : r.checklist().migrationsReviewed().orElse(false) ? "Documented (migrations reviewed)"
                : "Migrations not reviewed";
        item(!database.startsWith("Migrations"), "Database changes: " + database);
        item(r.checklist().rollbackPlanDocumented().orElse(false), "Rollback plan documented: "
                + yesNo(r.checklist().rollbackPlanDocumented()));
        line("");
        line("### Approvals");
        approvals(d);
        line("");
        line("### Post-Deployment");
        if (d.obligations().isEmpty()) {
            line(d.outcome() == Outcome.APPROVED ? "Nothing is required after this deployment."
                    : "Not approved yet: nothing to do after deployment until it is.");
        }
        for (Obligation o : d.obligations()) {
            item(false, o.action() + o.detail().map(x -> " (" + x + ")").orElse("")
                    + o.due().map(due -> ", due " + TIME.format(local(due))).orElse(""));
        }
        findings(d);
    }

    private void rollback(RollbackRequest r, Decision d) {
        line("## Production Rollback");
        line("");
        line("**Date:** " + DATE.format(local(d.evaluatedAt())));
        line("**Requester:** " + person(r.requester().id()));
        line("**Incident:** " + r.incident().type()
                + (r.incident().apiErrorRate().isPresent()
                ? " (API error rate " + Rollback.percent(r.incident().apiErrorRate().getAsDouble()) + ")" : "")
                + r.incident().summary().map(s -> ": " + s).orElse(""));
        line("**Authority:** " + d.findings().stream().filter(f -> rollbackRules.contains(f.rule()))
                .map(Finding::message).findFirst().orElse("none"));
        line("**Outcome:** " + d.outcome() + " (" + d.requestId() + ", policy " + d.policy().name() + " "
                + d.policy().version() + ")");
        if (!d.approvers().isEmpty()) {
            line("");
            line("### Approvals");
            approvals(d);
        }
        findings(d);
    }

    /** One line per approval slot the decision needed, as its {@code approvers} list them: no role is assumed. */
    private void approvals(Decision d) {
        if (d.approvers().isEmpty()) {
            line("None required for this request.");
        }
        for (Approver a : d.approvers()) {
            String verdict = a.rejectedBy().map(by -> person(by) + " - Rejected")
                    .orElse(a.satisfiedBy().map(by -> person(by) + " - Approved").orElse("waiting"));
            item(a.satisfiedBy().isPresent() && a.rejectedBy().isEmpty(), slotName(a) + ": " + verdict);
        }
    }

    private void findings(Decision d) {
        if (d.findings().isEmpty()) {
            return;
        }
        line("");
        line("### Findings");
        for (Finding f : d.findings()) {
            line("- " + f.effect() + " `" + f.rule() + "`" + f.subject().map(s -> " (" + s + ")").orElse("") + ": "
                    + f.message() + f.waived().map(w -> " Waived by " + person(w.by()) + ": " + w.reason()).orElse(""));
        }
    }

    private String tests(DeploymentRequest r) {
        List<String> notPassed = new ArrayList<>();
        boolean failed = false;
        for (String check : settings.checks().required()) {
            CheckStatus status = r.checks().get(check);
            if (status != CheckStatus.PASSED) {
                notPassed.add(check + " " + (status == null ? "not run" : status.name().toLowerCase(Locale.ROOT)));
                failed |= status == CheckStatus.FAILED;
            }
        }
        return notPassed.isEmpty() ? "Yes" : (failed ? "No (" : "Unknown (") + String.join(", ", notPassed) + ")";
    }

    private static String scan(Checklist checklist) {
        if (checklist.criticalVulnerabilities().isPresent() && checklist.criticalVulnerabilities().getAsInt() > 0) {
            return "Fail (" + checklist.criticalVulnerabilities().getAsInt() + " critical vulnerabilities)";
        }
        if (!checklist.securityScanCompleted().orElse(false)) {
            return checklist.securityScanCompleted().isPresent() ? "Not run" : "Unknown";
        }
        return checklist.criticalVulnerabilities().isPresent() ? "Pass" : "Run, critical vulnerabilities unknown";
    }

    private static String yesNo(Optional<Boolean> value) {
        return value.map(v -> v ? "Yes" : "No").orElse("Unknown");
    }

    private String person(String id) {
        Optional<RosterEntry> entry = settings.roster().stream().filter(e -> e.id().equals(id)).findFirst();
        return entry.map(e -> e.name().orElse(id) + " (" + id + e.contact().map(c -> ", " + c).orElse("") + ")")
                .orElse(id);
    }

    /** A slot's role in words; for a slot any of several roles may fill, each of them: "Tech Lead or CEO". */
    private static String slotName(Approver slot) {
        if (slot.anyOf().isEmpty()) {
            return Approvers.roleWords(slot.role());
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < slot.anyOf().size(); i++) {
            name.append(i == 0 ? "" : i == slot.anyOf().size() - 1 ? " or " : ", ")
                    .append(Approvers.roleWords(slot.anyOf().get(i)));
        }
        return name.toString();
    }

    private ZonedDateTime local(OffsetDateTime time) {
        return time.atZoneSameInstant(settings.zone());
    }

    private void item(boolean done, String text) {
        line("- [" + (done ? "x" : " ") + "] " + text);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
