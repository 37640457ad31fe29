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
 * May this change go from branch {@code source} to branch {@code target} at time {@code at}? Read one from JSON
 * with {@link PolicyJson#readRequest(String)}, or build one with {@link #builder()}.
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
        List<Waiver> waivers,
        Map<String, Object> attributes) implements PolicyRequest {
    public DeploymentRequest {
        at = Copies.optional(at);
        approvals = Copies.list(approvals);
        reviews = reviews == null ? Reviews.NONE : reviews;
        checks = Copies.map(checks);
        checklist = checklist == null ? Checklist.UNKNOWN : checklist;
        waivers = Copies.list(waivers);
        attributes = Copies.attributes(attributes);
    }

    /** A request without attributes. */
    public DeploymentRequest(String id, Optional<OffsetDateTime> at, String source, String target, Requester requester,
                             Change change, List<Approval> approvals, Reviews reviews, Map<String, CheckStatus> checks,
                             Checklist checklist, List<Waiver> waivers) {
        this(id, at, source, target, requester, change, approvals, reviews, checks, checklist, waivers, Map.of());
    }

    /** The same request at another time. */
    public DeploymentRequest withAt(OffsetDateTime newAt) {
        return new DeploymentRequest(id, Optional.ofNullable(newAt), source, target, requester, change, approvals,
                reviews, checks, checklist, waivers, attributes);
    }

    /** Starts building a deployment request. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link DeploymentRequest} field by field, the parts of it (the change, each approval, the
     * checklist, each waiver) described in a lambda:
     *
     * <pre>{@code
     * DeploymentRequest request = DeploymentRequest.builder()
     *         .id("DEP-1042")
     *         .source("staging").target("main")
     *         .requester("abebe", "DEVELOPER")
     *         .change(change -> change.type(ChangeType.FEATURE).author("abebe").headCommit("9f2c1e7")
     *                 .major(false).breaking(false).paymentRelated(false).databaseMigrations(false))
     *         .approval(approval -> approval.by("selam").role("TECH_LEAD").verdict(Verdict.APPROVED)
     *                 .commit("9f2c1e7"))
     *         .check("api-tests", CheckStatus.PASSED)
     *         .build();
     * }</pre>
     *
     * <p>Each setter rejects a {@code null} or impossible argument at once, with a {@link NullPointerException}
     * or {@link IllegalArgumentException} whose message names the setting ({@code change.author must not be
     * null}). {@link #build()} checks the whole request as {@link DeploymentPolicy#evaluate} does, and names
     * every missing or malformed field by its JSON path. What is not set is what an absent JSON field means: no
     * time (the policy's clock), no approvals, {@link Reviews#NONE}, no checks, {@link Checklist#UNKNOWN}, no
     * waivers. A builder is not thread-safe; it may build again, and a request it built does not change with it.
     */
    public static final class Builder {
        private String id;
        private OffsetDateTime at;
        private String source;
        private String target;
        private Requester requester;
        private Change.Builder change;
        private final List<Approval.Builder> approvals = new ArrayList<>();
        private Reviews reviews = Reviews.NONE;
        private final Map<String, CheckStatus> checks = new LinkedHashMap<>();
        private Checklist.Builder checklist;
        private final List<Waiver.Builder> waivers = new ArrayList<>();
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** The caller's id for the request, echoed in the decision (required). */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /** When the deploy would happen; leave it unset for the policy's clock. */
        public Builder at(OffsetDateTime at) {
            this.at = Objects.requireNonNull(at, "at must not be null (leave it unset for the policy's clock)");
            return this;
        }

        /** The branch the change comes from (required). */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source must not be null");
            return this;
        }

        /** The branch it goes to (required). */
        public Builder target(String target) {
            this.target = Objects.requireNonNull(target, "target must not be null");
            return this;
        }

        /**
         * Who asks (required), and the roles they claim, in upper case: {@code DEVELOPER}, {@code TECH_LEAD},
         * {@code CEO}, {@code ON_CALL} or a team's own; the roles are ignored when the policy has a roster.
         */
        public Builder requester(String id, String... roles) {
            this.requester = Requester.checked(id, roles);
            return this;
        }

        /**
         * Describes what is deployed (required). Called again, it goes on describing the same change.
         *
         * @see Change.Builder
         */
        public Builder change(Consumer<Change.Builder> description) {
            change = Described.part(change == null ? new Change.Builder() : change, description, "change");
            return this;
        }

        /**
         * Adds one approval, rejection included ({@code by}, {@code role}, {@code verdict} and {@code commit}
         * required).
         *
         * @see Approval.Builder
         */
        public Builder approval(Consumer<Approval.Builder> description) {
            Described.item(approvals, "approvals", Approval.Builder::new, description, "approval");
            return this;
        }

        /**
         * The pull request's reviews: how many approve, and whether a code owner does ({@link Reviews#NONE}
         * unless set).
         *
         * @throws IllegalArgumentException when {@code approving} is negative
         */
        public Builder reviews(int approving, boolean codeOwnerApproved) {
            if (approving < 0) {
                throw new IllegalArgumentException("reviews.approving must not be negative; was " + approving);
            }
            this.reviews = new Reviews(approving, codeOwnerApproved);
            return this;
        }

        /**
         * Adds the status of one status check, as reported for the head commit; a check not listed has not run.
         *
         * @throws IllegalArgumentException when this check was given already
         */
        public Builder check(String name, CheckStatus status) {
            Objects.requireNonNull(name, "check name must not be null");
            Objects.requireNonNull(status, () -> "checks." + name + " must not be null");
            CheckStatus earlier = checks.putIfAbsent(name, status);
            if (earlier != null) {
                throw new IllegalArgumentException("checks." + name + " is already set, to " + earlier);
            }
            return this;
        }

        /**
         * Describes the approval checklist; an item left out is unknown ({@link Checklist#UNKNOWN} when never
         * called). Called again, it goes on describing the same checklist.
         *
         * @see Checklist.Builder
         */
        public Builder checklist(Consumer<Checklist.Builder> description) {
            checklist = Described.part(checklist == null ? new Checklist.Builder() : checklist, description, "checklist");
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
         * Adds one of the team's own attributes, as the policy's {@code attributes} setting declares them: a whole
         * number, another number, a text, a boolean, or a list of those.
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
         *                                 path ({@code $.change.headCommit}, {@code $.approvals[0].role})
         */
        public DeploymentRequest build() {
            DeploymentRequest request = new DeploymentRequest(id, Optional.ofNullable(at), source, target, requester,
                    change == null ? null : change.build(),
                    approvals.stream().map(Approval.Builder::build).toList(), reviews, checks,
                    checklist == null ? Checklist.UNKNOWN : checklist.build(),
                    waivers.stream().map(Waiver.Builder::build).toList(), attributes);
            List<RequestProblem> problems = new ArrayList<>(change == null ? List.of() : change.unsetFlags());
            try {
                Core.validate(request);
            } catch (InvalidRequestException e) {
                problems.addAll(e.problems());
            }
            if (!problems.isEmpty()) {
                throw new InvalidRequestException(problems);
            }
            return request;
        }
    }
}
