package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.deploypolicy.internal.Core;

/**
 * May this person roll production back now, for this incident? Read one from JSON with
 * {@link PolicyJson#readRequest(String)}, or build one with {@link #builder()}.
 */
public record RollbackRequest(
        String id,
        Optional<OffsetDateTime> at,
        Requester requester,
        Incident incident,
        List<Approval> approvals,
        List<Waiver> waivers,
        Map<String, Object> attributes) implements PolicyRequest {
    public RollbackRequest {
        at = Copies.optional(at);
        approvals = Copies.list(approvals);
        waivers = Copies.list(waivers);
        attributes = Copies.attributes(attributes);
    }

    /** A request without attributes. */
    public RollbackRequest(String id, Optional<OffsetDateTime> at, Requester requester, Incident incident,
                           List<Approval> approvals, List<Waiver> waivers) {
        this(id, at, requester, incident, approvals, waivers, Map.of());
    }

    /** The same request at another time. */
    public RollbackRequest withAt(OffsetDateTime newAt) {
        return new RollbackRequest(id, Optional.ofNullable(newAt), requester, incident, approvals, waivers, attributes);
    }

    /** Starts building a rollback request. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link RollbackRequest} field by field, the incident, each approval and each waiver described in a
     * lambda:
     *
     * <pre>{@code
     * RollbackRequest request = RollbackRequest.builder()
     *         .id("RB-77")
     *         .requester("kebede", "ON_CALL")
     *         .incident(incident -> incident.type(IncidentType.API_ERRORS).apiErrorRate(0.072))
     *         .build();
     * }</pre>
     *
     * <p>Each setter rejects a {@code null} or impossible argument at once, with a {@link NullPointerException}
     * or {@link IllegalArgumentException} whose message names the setting ({@code incident.type must not be
     * null}). {@link #build()} checks the whole request as {@link DeploymentPolicy#evaluate} does, and names
     * every missing or malformed field by its JSON path. What is not set is what an absent JSON field means: no
     * time (the policy's clock), no approvals, no waivers. An approval of a rollback needs no commit. A builder is
     * not thread-safe; it may build again, and a request it built does not change with it.
     */
    public static final class Builder {
        private String id;
        private OffsetDateTime at;
        private Requester requester;
        private Incident.Builder incident;
        private final List<Approval.Builder> approvals = new ArrayList<>();
        private final List<Waiver.Builder> waivers = new ArrayList<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** The caller's id for the request, echoed in the decision (required). */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /** When the rollback would happen; leave it unset for the policy's clock. */
        public Builder at(OffsetDateTime at) {
            this.at = Objects.requireNonNull(at, "at must not be null (leave it unset for the policy's clock)");
            return this;
        }

        /**
         * Who asks (required), and the roles they claim, in upper case: {@code ON_CALL}, {@code DEVELOPER},
         * {@code TECH_LEAD}, {@code CEO} or a team's own; the roles are ignored when the policy has a roster.
         */
        public Builder requester(String id, String... roles) {
            this.requester = Requester.checked(id, roles);
            return this;
        }

        /**
         * Describes the incident the rollback answers (required). Called again, it goes on describing the same
         * incident.
         *
         * @see Incident.Builder
         */
        public Builder incident(Consumer<Incident.Builder> description) {
            incident = Described.part(incident == null ? new Incident.Builder() : incident, description, "incident");
            return this;
        }

        /**
         * Adds one approval, rejection included ({@code by}, {@code role} and {@code verdict} required; no
         * commit needed).
         *
         * @see Approval.Builder
         */
        public Builder approval(Consumer<Approval.Builder> description) {
            Described.item(approvals, "approvals", Approval.Builder::new, description, "approval");
            return this;
        }

        /**
         * Adds one request to lift a finding ({@code rule}, {@code by} and {@code reason} required); it applies
         * only where the policy's waiver settings allow it.
         *
         * @see Waiver.Builder
         */
        public Builder waiver(Consumer<Waiver.Builder> description) {
            Described.item(waivers, "waivers", Waiver.Builder::new, description, "waiver");
            return this;
        }

        /**
         * Adds one of the team's own attributes (see {@link DeploymentRequest.Builder#attribute}).
         *
         * @throws IllegalArgumentException when this attribute was given already, or its value is of another type
         */
        public Builder attribute(String name, Object value) {
            Described.attribute(attributes, name, value);
            return this;
        }

        /**
         * The request, checked as {@link DeploymentPolicy#evaluate} checks it (but for its attributes, which only
         * the policy can check).
         *
         * @throws InvalidRequestException naming every field that is missing or breaks the contract by its JSON
         *                                 path ({@code $.incident.type}, {@code $.approvals[0].by})
         */
        public RollbackRequest build() {
            RollbackRequest request = new RollbackRequest(id, Optional.ofNullable(at), requester,
                    incident == null ? null : incident.build(),
                    approvals.stream().map(Approval.Builder::build).toList(),
                    waivers.stream().map(Waiver.Builder::build).toList(), attributes);
            Core.validate(request);
            return request;
        }
    }
}
