package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** May this person roll production back now, for this incident? */
public record RollbackRequest(
        String id,
        Optional<OffsetDateTime> at,
        Requester requester,
        Incident incident,
        List<Approval> approvals,
        List<Waiver> waivers) implements PolicyRequest {
    public RollbackRequest {
        at = Copies.optional(at);
        approvals = Copies.list(approvals);
        waivers = Copies.list(waivers);
    }

    /** The same request at another time. */
    public RollbackRequest withAt(OffsetDateTime newAt) {
        return new RollbackRequest(id, Optional.ofNullable(newAt), requester, incident, approvals, waivers);
    }
}
