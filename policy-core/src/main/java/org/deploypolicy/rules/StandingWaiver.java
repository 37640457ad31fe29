package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A waiver granted in the policy for a period ({@code waivers.standing}).
 *
 * @param rule    the rule id whose finding it lifts
 * @param subject the finding's subject, when it has one
 * @param by      who granted it
 * @param reason  why
 * @param from    from when (inside)
 * @param to      until when (outside)
 */
public record StandingWaiver(String rule, Optional<String> subject, String by, String reason,
                             OffsetDateTime from, OffsetDateTime to) {
    public StandingWaiver {
        subject = subject == null ? Optional.empty() : subject;
    }
}
