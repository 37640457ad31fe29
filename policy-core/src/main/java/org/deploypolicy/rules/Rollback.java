package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import org.deploypolicy.Incident;
import org.deploypolicy.RollbackRequest;

/** The fact a rollback rule matches: the request, judged at its time in the policy's zone. */
public final class Rollback {
    private final RollbackRequest request;
    private final ZonedDateTime local;

    /**
     * @param request  the request
     * @param at       the time it is judged at
     * @param settings the policy's settings
     */
    public Rollback(RollbackRequest request, OffsetDateTime at, Settings settings) {
        this.request = request;
        this.local = at.atZoneSameInstant(settings.zone());
    }

    public RollbackRequest getRequest() {
        return request;
    }

    public Incident getIncident() {
        return request.incident();
    }

    /** The time judged, in the policy's zone. */
    public ZonedDateTime getLocal() {
        return local;
    }
}
