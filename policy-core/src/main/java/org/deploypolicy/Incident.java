package org.deploypolicy;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The incident a rollback answers.
 *
 * @param type         which kind of incident
 * @param apiErrorRate the API error rate as a fraction in 0..1 (0.072 is 7.2 %); required for API errors
 * @param summary      one line for the rollback record
 */
public record Incident(IncidentType type, OptionalDouble apiErrorRate, Optional<String> summary) {
    public Incident {
        apiErrorRate = apiErrorRate == null ? OptionalDouble.empty() : apiErrorRate;
        summary = Copies.optional(summary);
    }
}
