package org.deploypolicy;

import java.util.List;
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
}
