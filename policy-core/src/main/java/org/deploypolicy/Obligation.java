package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What must happen after an approved production deploy.
 *
 * @param rule   the id of the rule that set it ({@code obligation.monitoring})
 * @param action a short imperative sentence
 * @param detail the specifics (a URL, a duration)
 * @param due    when it is due, in the policy's zone
 */
public record Obligation(String rule, String action, Optional<String> detail, Optional<OffsetDateTime> due) {
    public Obligation {
        detail = Copies.optional(detail);
        due = Copies.optional(due);
    }
}
