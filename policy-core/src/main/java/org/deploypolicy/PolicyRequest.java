package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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

    /**
     * The team's own data, as the policy's {@code attributes} setting declares it: name to a whole number
     * ({@code Long}), another number ({@code BigDecimal}), a text, a boolean, or a list of those. Empty when none.
     */
    Map<String, Object> attributes();

    /** The same request at another time ({@code null} for the policy's clock). */
    PolicyRequest withAt(OffsetDateTime at);
}
