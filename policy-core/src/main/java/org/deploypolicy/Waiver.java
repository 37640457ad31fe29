package org.deploypolicy;

import java.util.Optional;

/**
 * A request to lift one finding. It applies only where the policy's waiver settings allow it.
 *
 * @param rule    the rule id of the finding to lift
 * @param subject the finding's subject, when it has one
 * @param by      who grants the waiver
 * @param reason  why, for the audit trail
 */
public record Waiver(String rule, Optional<String> subject, String by, String reason) {
    public Waiver {
        subject = Copies.optional(subject);
    }
}
