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
}
