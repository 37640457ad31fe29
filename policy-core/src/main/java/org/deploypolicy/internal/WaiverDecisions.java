package org.deploypolicy.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.deploypolicy.Approval;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Waived;
import org.deploypolicy.Waiver;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.StandingWaiver;

/**
 * Answers waivers (docs/policy.md "Waivers"): the request's own and the policy's standing ones in their period. A
 * waiver lifts the finding of its rule and subject (no subject: the finding without one) only when the policy
 * grants waivers, the rule is not in {@code waivers.never}, the grantor is neither the requester nor the author,
 * and holds a role in {@code waivers.grantedBy}. A lifted finding stays, marked waived; a request's waiver that
 * does not apply, and a standing one that would have lifted a finding but may not, add a {@code waiver.ignored}
 * ADVISE finding saying why.
 */
final class WaiverDecisions {
    static final String IGNORED = "waiver.ignored";

    private final PolicyRequest request;
    private final Settings settings;
    private final List<Finding> findings;
    private final List<Finding> ignored = new ArrayList<>();

    private WaiverDecisions(PolicyRequest request, Settings settings, List<Finding> findings) {
        this.request = request;
        this.settings = settings;
        this.findings = new ArrayList<>(findings);
    }

    /**
     * The findings with the waived ones marked, followed by a {@code waiver.ignored} finding per waiver refused;
     * {@code findings} itself when neither the request nor the policy has a waiver.
     */
    static List<Finding> apply(List<Finding> findings, PolicyRequest request, Instant at, Settings settings) {
        if (request.waivers().isEmpty() && settings.waivers().standing().isEmpty()) {
            return findings;
        }
        WaiverDecisions decisions = new WaiverDecisions(request, settings, findings);
        for (Waiver waiver : request.waivers()) {
            decisions.apply(waiver.rule(), waiver.subject(), waiver.by(), waiver.reason(), true);
        }
        for (StandingWaiver standing : settings.waivers().standing()) {
            if (!at.isBefore(standing.from().toInstant()) && at.isBefore(standing.to().toInstant())) {
                decisions.apply(standing.rule(), standing.subject(), standing.by(), standing.reason(), false);
            }
        }
        List<Finding> result = new ArrayList<>(decisions.findings);
        result.addAll(decisions.ignored);
        return result;
    }

    private void apply(String rule, Optional<String> subject, String by, String reason, boolean asked) {
        int target = -1;
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            if (f.rule().equals(rule) && f.subject().equals(subject) && f.counts()) {
                target = i;
            }
        }
        String refusal = refusal(rule, by);
        if (refusal == null && target < 0) {
            refusal = "nothing to lift: this decision has no finding of " + rule
                    + subject.map(s -> " about " + s).orElse(" without a subject") + " that counts";
        }
        if (refusal == null) {
            Finding f = findings.get(target);
            findings.set(target, new Finding(f.rule(), f.effect(), f.subject(), f.message(),
                    Optional.of(new Waived(by, reason))));
        } else if (asked || target >= 0) {
            ignored.add(new Finding(IGNORED, Effect.ADVISE, Optional.of(rule), (asked ? "The waiver of "
                    : "The standing waiver of ") + rule + " by " + by + " does not apply: " + refusal + ".",
                    Optional.empty()));
        }
    }

    /** Why {@code by} may not waive {@code rule}, or null when they may. */
    private String refusal(String rule, String by) {
        List<String> granting = settings.waivers().grantedBy();
        if (granting.isEmpty()) {
            return "this policy grants no waivers (waivers.grantedBy is empty)";
        }
        if (settings.waivers().never().contains(rule)) {
            return rule + " is never waived (waivers.never)";
        }
        String author = request instanceof DeploymentRequest d ? d.change().author() : null;
        if (by.equals(request.requester().id()) || by.equals(author)) {
            return by + " asked for or wrote this change, and nobody waives the findings of their own change";
        }
        Set<String> claimed = new LinkedHashSet<>();
        request.approvals().stream().filter(a -> a.by().equals(by)).map(Approval::role).forEach(claimed::add);
        List<String> claims = List.copyOf(claimed);
        if (granting.stream().noneMatch(role -> settings.holds(by, role, claims))) {
            return by + " holds no role that grants waivers (" + String.join(", ", granting) + ")";
        }
        return null;
    }
}
