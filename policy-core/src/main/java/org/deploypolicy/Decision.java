package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A policy's answer to a request, with its reasons.
 *
 * @param requestId   the request's id
 * @param outcome     approved, pending or rejected, computed from the findings that count
 * @param findings    every rule that applied, in {@link Finding#ORDER}
 * @param approvers   the roles the request needs and who fills or rejected each
 * @param obligations what must happen after the deploy; only on an approved production deployment
 * @param nextAllowed when window or freeze rules block: when they would let the change through
 * @param policy      the policy that decided
 * @param evaluatedAt the time the request was judged at, with the policy zone's offset
 */
public record Decision(
        String requestId,
        Outcome outcome,
        List<Finding> findings,
        List<Approver> approvers,
        List<Obligation> obligations,
        Optional<NextAllowed> nextAllowed,
        PolicyId policy,
        OffsetDateTime evaluatedAt) {
    public Decision {
        findings = Copies.list(findings);
        approvers = Copies.list(approvers);
        obligations = Copies.list(obligations);
        nextAllowed = Copies.optional(nextAllowed);
    }

    /** The outcome the given findings call for: any counting BLOCK rejects, else any REQUIRE is pending. */
    public static Outcome outcomeOf(List<Finding> findings) {
        boolean pending = false;
        for (Finding finding : findings) {
            if (!finding.counts()) {
                continue;
            }
            if (finding.effect() == Effect.BLOCK) {
                return Outcome.REJECTED;
            }
            pending |= finding.effect() == Effect.REQUIRE;
        }
        return pending ? Outcome.PENDING : Outcome.APPROVED;
    }
}
