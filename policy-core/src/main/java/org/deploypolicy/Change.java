package org.deploypolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is deployed.
 *
 * @param summary            one line for the approval record
 * @param type               the kind of change (shown on the record)
 * @param severity           the incident severity it answers; empty when it answers none
 * @param major              a major feature (calls for the CEO)
 * @param breaking           a breaking change (calls for the CEO)
 * @param paymentRelated     switches on the payment-reconciliation gate
 * @param databaseMigrations switches on the migrations-reviewed gate
 * @param author             who wrote the change (cannot approve it)
 * @param headCommit         the commit being deployed
 * @param branchedFrom       the branch a hotfix branch was cut from, when known
 * @param labels             pull-request labels
 */
public record Change(
        Optional<String> summary,
        ChangeType type,
        Optional<Severity> severity,
        boolean major,
        boolean breaking,
        boolean paymentRelated,
        boolean databaseMigrations,
        String author,
        String headCommit,
        Optional<String> branchedFrom,
        List<String> labels) {
    public Change {
        summary = Copies.optional(summary);
        severity = Copies.optional(severity);
        branchedFrom = Copies.optional(branchedFrom);
        labels = Copies.list(labels);
    }

    /**
     * Describes the change of a {@link DeploymentRequest.Builder}, in {@link DeploymentRequest.Builder#change}.
     * {@code type}, {@code author}, {@code headCommit} and the four flags ({@code major}, {@code breaking},
     * {@code paymentRelated}, {@code databaseMigrations}) are required, as in JSON: the request's {@code build()}
     * names each one missing, so a forgotten {@code breaking(true)} cannot skip the CEO; the optional fields are
     * absent unless set. Each setter
     * rejects {@code null} at once, naming the setting. Not thread-safe.
     */
    public static final class Builder {
        private String summary;
        private ChangeType type;
        private Severity severity;
        private Boolean major;
        private Boolean breaking;
        private Boolean paymentRelated;
        private Boolean databaseMigrations;
        private String author;
        private String headCommit;
        private String branchedFrom;
        private List<String> labels = List.of();

        Builder() {
        }

        /** One line for the approval record. */
        public Builder summary(String summary) {
            this.summary = Objects.requireNonNull(summary, "change.summary must not be null");
            return this;
        }

        /** The kind of change (required). */
        public Builder type(ChangeType type) {
            this.type = Objects.requireNonNull(type, "change.type must not be null");
            return this;
        }

        /** The severity of the incident the change answers; leave it unset when it answers none. */
        public Builder severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity,
                    "change.severity must not be null (leave it unset when the change answers no incident)");
            return this;
        }

        /** A major feature, which calls for the CEO (required). */
        public Builder major(boolean major) {
            this.major = major;
            return this;
        }

        /** A breaking change, which calls for the CEO (required). */
        public Builder breaking(boolean breaking) {
            this.breaking = breaking;
            return this;
        }

        /** Switches on the payment-reconciliation gate (required). */
        public Builder paymentRelated(boolean paymentRelated) {
            this.paymentRelated = paymentRelated;
            return this;
        }

        /** Switches on the migrations-reviewed gate (required). */
        public Builder databaseMigrations(boolean databaseMigrations) {
            this.databaseMigrations = databaseMigrations;
            return this;
        }

        /** Who wrote the change, who therefore cannot approve it (required). */
        public Builder author(String author) {
            this.author = Objects.requireNonNull(author, "change.author must not be null");
            return this;
        }

        /** The commit being deployed (required); an approval of another commit is stale. */
        public Builder headCommit(String headCommit) {
            this.headCommit = Objects.requireNonNull(headCommit, "change.headCommit must not be null");
            return this;
        }

        /** The branch a hotfix branch was cut from, when known. */
        public Builder branchedFrom(String branchedFrom) {
            this.branchedFrom = Objects.requireNonNull(branchedFrom, "change.branchedFrom must not be null");
            return this;
        }

        /** The pull request's labels, replacing any set before (none unless set). */
        public Builder labels(String... labels) {
            Objects.requireNonNull(labels, "change.labels must not be null");
            List<String> copy = new ArrayList<>(labels.length);
            for (int i = 0; i < labels.length; i++) {
                copy.add(Objects.requireNonNull(labels[i], "change.labels[" + i + "] must not be null"));
            }
            this.labels = copy;
            return this;
        }

        Change build() {
            return new Change(Optional.ofNullable(summary), type, Optional.ofNullable(severity), Boolean.TRUE.equals(major),
                    Boolean.TRUE.equals(breaking), Boolean.TRUE.equals(paymentRelated),
                    Boolean.TRUE.equals(databaseMigrations), author, headCommit, Optional.ofNullable(branchedFrom), labels);
        }

        /** The required flags left unset, as the problems JSON would report for them. */
        List<RequestProblem> unsetFlags() {
            List<RequestProblem> unset = new ArrayList<>();
            if (major == null) {
                unset.add(new RequestProblem("$.change.major", "required: true or false"));
            }
            if (breaking == null) {
                unset.add(new RequestProblem("$.change.breaking", "required: true or false"));
            }
            if (paymentRelated == null) {
                unset.add(new RequestProblem("$.change.paymentRelated", "required: true or false"));
            }
            if (databaseMigrations == null) {
                unset.add(new RequestProblem("$.change.databaseMigrations", "required: true or false"));
            }
            return unset;
        }
    }
}
