package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** What the policy is asked: a {@link DeploymentRequest} or a {@link RollbackRequest}. */
public sealed interface PolicyRequest permits DeploymentRequest, RollbackRequest {
    /** The caller's id for the request, echoed in the decision. */
    String id();

    /** When the deploy or rollback would happen; the policy's clock when empty. */
    Optional<OffsetDateTime> at();

    /** Who asks. */
    Requester requester();

    /** Verdicts of people. */
    List<Approval> approvals();

    /** Requests to lift findings. */
    List<Waiver> waivers();

    /** The same request at another time ({@code null} for the policy's clock). */
    PolicyRequest withAt(OffsetDateTime at);
}
