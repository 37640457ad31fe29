package org.deploypolicy;

import java.util.Objects;
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

    /**
     * Describes one waiver of a request builder, in {@code waiver(...)}. {@code rule}, {@code by} and
     * {@code reason} are required (the request's {@code build()} names each one missing). Each setter rejects
     * {@code null} at once, naming the setting with the waiver's index. Not thread-safe.
     */
    public static final class Builder {
        private final String path;
        private String rule;
        private String subject;
        private String by;
        private String reason;

        /** @param path how messages name this waiver ({@code waivers[0]}) */
        Builder(String path) {
            this.path = path;
        }

        /** The rule id of the finding to lift, such as {@code window.friday} (required). */
        public Builder rule(String rule) {
            this.rule = Objects.requireNonNull(rule, () -> path + ".rule must not be null");
            return this;
        }

        /** The finding's subject, when it has one (a check's name, a person). */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, () -> path + ".subject must not be null");
            return this;
        }

        /** Who grants the waiver (required). */
        public Builder by(String by) {
            this.by = Objects.requireNonNull(by, () -> path + ".by must not be null");
            return this;
        }

        /** Why, for the audit trail (required). */
        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason, () -> path + ".reason must not be null");
            return this;
        }

        Waiver build() {
            return new Waiver(rule, Optional.ofNullable(subject), by, reason);
        }
    }
}
