package org.deploypolicy;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The approval checklist. An empty value is unknown, which is not the same as true.
 *
 * @param securityScanCompleted   the security scan ran
 * @param criticalVulnerabilities how many critical vulnerabilities are known
 * @param stagingVerified         the staging deployment was tested
 * @param migrationsReviewed      the database migrations were reviewed
 * @param rollbackPlanDocumented  the rollback plan is written down
 */
public record Checklist(
        Optional<Boolean> securityScanCompleted,
        OptionalInt criticalVulnerabilities,
        Optional<Boolean> stagingVerified,
        Optional<Boolean> migrationsReviewed,
        Optional<Boolean> rollbackPlanDocumented) {
    /** Nothing known: what an absent {@code checklist} means. */
    public static final Checklist UNKNOWN = new Checklist(null, null, null, null, null);

    public Checklist {
        securityScanCompleted = Copies.optional(securityScanCompleted);
        criticalVulnerabilities = criticalVulnerabilities == null ? OptionalInt.empty() : criticalVulnerabilities;
        stagingVerified = Copies.optional(stagingVerified);
        migrationsReviewed = Copies.optional(migrationsReviewed);
        rollbackPlanDocumented = Copies.optional(rollbackPlanDocumented);
    }

    /**
     * Describes the checklist of a {@link DeploymentRequest.Builder}, in
     * {@link DeploymentRequest.Builder#checklist}. An item not set is unknown, which is not the same as true.
     * Not thread-safe.
     */
    public static final class Builder {
        private Boolean securityScanCompleted;
        private Integer criticalVulnerabilities;
        private Boolean stagingVerified;
        private Boolean migrationsReviewed;
        private Boolean rollbackPlanDocumented;

        Builder() {
        }

        /** Whether the security scan ran. */
        public Builder securityScanCompleted(boolean completed) {
            this.securityScanCompleted = completed;
            return this;
        }

        /**
         * How many critical vulnerabilities are known.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder criticalVulnerabilities(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("checklist.criticalVulnerabilities must not be negative; was " + count);
            }
            this.criticalVulnerabilities = count;
            return this;
        }

        /** Whether the staging deployment was tested. */
        public Builder stagingVerified(boolean verified) {
            this.stagingVerified = verified;
            return this;
        }

        /** Whether the database migrations were reviewed. */
        public Builder migrationsReviewed(boolean reviewed) {
            this.migrationsReviewed = reviewed;
            return this;
        }

        /** Whether the rollback plan is written down. */
        public Builder rollbackPlanDocumented(boolean documented) {
            this.rollbackPlanDocumented = documented;
            return this;
        }

        Checklist build() {
            return new Checklist(Optional.ofNullable(securityScanCompleted),
                    criticalVulnerabilities == null ? OptionalInt.empty() : OptionalInt.of(criticalVulnerabilities),
                    Optional.ofNullable(stagingVerified), Optional.ofNullable(migrationsReviewed),
                    Optional.ofNullable(rollbackPlanDocumented));
        }
    }
}
