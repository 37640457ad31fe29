package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.RollbackRequest;

/** The fact a rollback rule matches: the request, judged at its time in the policy's zone. */
public final class Rollback {
    private final RollbackRequest request;
    private final Settings settings;
    private Values attributes;
    private final ZonedDateTime local;

    /**
     * @param request  the request
     * @param at       the time it is judged at
     * @param settings the policy's settings
     */
    public Rollback(RollbackRequest request, OffsetDateTime at, Settings settings) {
        this.request = request;
        this.settings = settings;
        this.local = at.atZoneSameInstant(settings.zone());
    }

    public RollbackRequest getRequest() {
        return request;
    }

    /** The policy's settings, the same as the {@link Settings} fact (see {@link Deployment#getSettings()}). */
    public Settings getSettings() {
        return settings;
    }

    /** The request's {@code attributes} (see {@link Deployment#getAttributes()}). */
    public Values getAttributes() {
        if (attributes == null) {
            attributes = request.attributes().isEmpty() ? Values.NO_ATTRIBUTES : new Values("attributes", request.attributes());
        }
        return attributes;
    }

    /** The policy's {@code params} (see {@link Deployment#getParams()}). */
    public Values getParams() {
        return settings.params();
    }

    public Incident getIncident() {
        return request.incident();
    }

    /** The time judged, in the policy's zone. */
    public ZonedDateTime getLocal() {
        return local;
    }

    public IncidentType getType() {
        return request.incident().type();
    }

    /** The API error rate (a fraction), or null when not given. */
    public Double getApiErrorRate() {
        return request.incident().apiErrorRate().isPresent() ? request.incident().apiErrorRate().getAsDouble() : null;
    }

    public String getRequesterId() {
        return request.requester().id();
    }

    /** The requester holds the role: with a roster, the roster says so; else the request's roles do. */
    public boolean requesterHolds(String role) {
        return settings.holds(request.requester().id(), role, request.requester().roles());
    }

    /** The requester is known: on the roster, or anyone when there is no roster. */
    public boolean isRequesterListed() {
        return settings.lists(request.requester().id());
    }

    /** A rate for a message: {@code 7.2 %}. */
    public static String percent(double rate) {
        return java.math.BigDecimal.valueOf(rate).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }
}
