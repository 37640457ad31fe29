package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * May this change go from branch {@code source} to branch {@code target} at time {@code at}?
 *
 * @param checks status-check name to status, as reported for the head commit; a check not listed has not run
 */
public record DeploymentRequest(
        String id,
        Optional<OffsetDateTime> at,
        String source,
        String target,
        Requester requester,
        Change change,
        List<Approval> approvals,
        Reviews reviews,
        Map<String, CheckStatus> checks,
        Checklist checklist,
        List<Waiver> waivers) implements PolicyRequest {
    public DeploymentRequest {
        at = Copies.optional(at);
        approvals = Copies.list(approvals);
        reviews = reviews == null ? Reviews.NONE : reviews;
        checks = Copies.map(checks);
        checklist = checklist == null ? Checklist.UNKNOWN : checklist;
        waivers = Copies.list(waivers);
    }

    /** The same request at another time. */
    public DeploymentRequest withAt(OffsetDateTime newAt) {
        return new DeploymentRequest(id, Optional.ofNullable(newAt), source, target, requester, change, approvals,
                reviews, checks, checklist, waivers);
    }
}
