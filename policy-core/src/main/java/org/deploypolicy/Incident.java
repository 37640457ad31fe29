package org.deploypolicy;

import java.util.Objects;
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

    /**
     * Describes the incident of a {@link RollbackRequest.Builder}, in {@link RollbackRequest.Builder#incident}.
     * {@code type} is required, and {@code apiErrorRate} for {@link IncidentType#API_ERRORS} (the request's
     * {@code build()} names each one missing). Each setter rejects a {@code null} or impossible value at once,
     * naming the setting. Not thread-safe.
     */
    public static final class Builder {
        private IncidentType type;
        private Double apiErrorRate;
        private String summary;

        Builder() {
        }

        /** Which kind of incident (required). */
        public Builder type(IncidentType type) {
            this.type = Objects.requireNonNull(type, "incident.type must not be null");
            return this;
        }

        /**
         * The API error rate as a fraction (0.072 is 7.2 %); required for {@link IncidentType#API_ERRORS}.
         *
         * @throws IllegalArgumentException when not a number from 0 to 1
         */
        public Builder apiErrorRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(
                        "incident.apiErrorRate must be a fraction from 0 to 1 (0.072 is 7.2 %); was " + rate);
            }
            this.apiErrorRate = rate;
            return this;
        }

        /** One line for the rollback record. */
        public Builder summary(String summary) {
            this.summary = Objects.requireNonNull(summary, "incident.summary must not be null");
            return this;
        }

        Incident build() {
            return new Incident(type, apiErrorRate == null ? OptionalDouble.empty() : OptionalDouble.of(apiErrorRate),
                    Optional.ofNullable(summary));
        }
    }
}
