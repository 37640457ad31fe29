package org.deploypolicy;

import java.util.Comparator;
import java.util.Optional;

/**
 * What one rule found about a request.
 *
 * @param rule    the id of the rule that found it ({@code window.friday})
 * @param effect  what it does to the outcome
 * @param subject what it is about where a rule can find several things (a check, a person, a freeze)
 * @param message what a person can act on
 * @param waived  who lifted it and why; a waived finding no longer counts toward the outcome
 */
public record Finding(String rule, Effect effect, Optional<String> subject, String message, Optional<Waived> waived) {
    /** The order findings are listed in: BLOCK, REQUIRE, ADVISE; then rule id; then subject, none first. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::effect)
            .thenComparing(Finding::rule)
            .thenComparing(f -> f.subject().orElse(null), Comparator.nullsFirst(Comparator.naturalOrder()));

    public Finding {
        subject = Copies.optional(subject);
        waived = Copies.optional(waived);
    }

    /** Whether this finding counts toward the outcome. */
    public boolean counts() {
        return waived.isEmpty();
    }
}
