package org.deploypolicy.reference;

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

/** The reference policy, built once for every test class, and requests to put to it. */
final class Reference {
    static final DeploymentPolicy POLICY = DeploymentPolicy.builder().classpath("reference").build();

    private Reference() {
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
}
