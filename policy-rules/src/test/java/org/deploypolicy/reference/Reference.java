package org.deploypolicy.reference;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.Severity;
import org.deploypolicy.Waiver;

/** The reference policy, built once for every test class, and requests to put to it. */
final class Reference {
    static final DeploymentPolicy POLICY = DeploymentPolicy.builder().classpath("reference").build();

    private Reference() {
    }

    /** A test policy that extends the reference: a directory under {@code src/test/resources/policies}. */
    static DeploymentPolicy testPolicy(String name) {
        return DeploymentPolicy.builder().directory(Path.of("src/test/resources/policies", name)).build();
    }

    /** A normal release from staging to main, complete but for what a test changes. */
    static DeploymentRequest release(String at) {
        return deployment(OffsetDateTime.parse(at), "staging", "main", null);
    }

    static DeploymentRequest deployment(OffsetDateTime at, String source, String target, Severity severity) {
        Change change = new Change(Optional.of("Refunds"), ChangeType.FEATURE, Optional.ofNullable(severity),
                false, false, false, false, "abebe", "9f2c1e7", Optional.of("dev"), List.of());
        List<Approval> approvals = new ArrayList<>();
        approvals.add(new Approval("selam", "TECH_LEAD", org.deploypolicy.Verdict.APPROVED, Optional.of("9f2c1e7"),
                null, null, Optional.empty()));
        return new DeploymentRequest("DEP-1", Optional.of(at), source, target,
                new Requester("abebe", List.of("DEVELOPER")), change, approvals, new Reviews(1, true),
                Map.of("api-tests", CheckStatus.PASSED, "disaster-recovery-test", CheckStatus.PASSED), new Checklist(Optional.of(true), java.util.OptionalInt.of(0),
                Optional.of(true), Optional.of(true), Optional.of(true)), List.of());
    }

    /** The same request with other approvals. */
    static DeploymentRequest withApprovals(DeploymentRequest r, List<Approval> approvals) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), approvals,
                r.reviews(), r.checks(), r.checklist(), r.waivers());
    }

    /** The same request with other reviews. */
    static DeploymentRequest withReviews(DeploymentRequest r, Reviews reviews) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), r.approvals(),
                reviews, r.checks(), r.checklist(), r.waivers());
    }

    /** The same request with other status checks. */
    static DeploymentRequest withChecks(DeploymentRequest r, Map<String, CheckStatus> checks) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), r.approvals(),
                r.reviews(), checks, r.checklist(), r.waivers());
    }

    /** The same request with another checklist. */
    static DeploymentRequest withChecklist(DeploymentRequest r, Checklist checklist) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), r.approvals(),
                r.reviews(), r.checks(), checklist, r.waivers());
    }

    /** The same request from another source branch. */
    static DeploymentRequest withSource(DeploymentRequest r, String source) {
        return new DeploymentRequest(r.id(), r.at(), source, r.target(), r.requester(), r.change(), r.approvals(),
                r.reviews(), r.checks(), r.checklist(), r.waivers());
    }

    /** The same request with another change. */
    static DeploymentRequest withChange(DeploymentRequest r, Change change) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), change, r.approvals(),
                r.reviews(), r.checks(), r.checklist(), r.waivers());
    }

    /** The same change cut from another branch. */
    static Change withBranchedFrom(Change c, String branchedFrom) {
        return new Change(c.summary(), c.type(), c.severity(), c.major(), c.breaking(), c.paymentRelated(),
                c.databaseMigrations(), c.author(), c.headCommit(), Optional.ofNullable(branchedFrom), c.labels());
    }

    /** The same request with waivers. */
    static DeploymentRequest withWaivers(DeploymentRequest r, Waiver... waivers) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), r.change(), r.approvals(),
                r.reviews(), r.checks(), r.checklist(), List.of(waivers));
    }

    /** The same request asked for by someone else. */
    static DeploymentRequest withRequester(DeploymentRequest r, Requester requester) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), requester, r.change(), r.approvals(),
                r.reviews(), r.checks(), r.checklist(), r.waivers());
    }

    /** The same change written by someone else. */
    static Change withAuthor(Change c, String author) {
        return new Change(c.summary(), c.type(), c.severity(), c.major(), c.breaking(), c.paymentRelated(),
                c.databaseMigrations(), author, c.headCommit(), c.branchedFrom(), c.labels());
    }
}
