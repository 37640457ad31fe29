package org.deploypolicy;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's verdict on a change or a rollback.
 *
 * @param by        who gave it
 * @param role      the role it is given in
 * @param verdict   approved or rejected
 * @param commit    the commit approved; required in a deployment, empty in a rollback
 * @param channel   how it was given ({@link Channel#PULL_REQUEST} when not said)
 * @param reference where a verbal approval is documented (e.g. the PR description)
 * @param at        when it was given; orders one person's verdicts
 */
public record Approval(
        String by,
        String role,
        Verdict verdict,
        Optional<String> commit,
        Channel channel,
        Optional<String> reference,
        Optional<OffsetDateTime> at) {
    public Approval {
        commit = Copies.optional(commit);
        channel = channel == null ? Channel.PULL_REQUEST : channel;
        reference = Copies.optional(reference);
        at = Copies.optional(at);
    }

    /**
     * Describes one approval of a request builder, in {@code approval(...)}. {@code by}, {@code role} and
     * {@code verdict} are required, and in a deployment {@code commit} too (the request's {@code build()} names
     * each one missing); {@code channel} is {@link Channel#PULL_REQUEST} unless set. Each setter rejects
     * {@code null} at once, naming the setting with the approval's index. Not thread-safe.
     */
    public static final class Builder {
        private final String path;
        private String by;
        private String role;
        private Verdict verdict;
        private String commit;
        private Channel channel = Channel.PULL_REQUEST;
        private String reference;
        private OffsetDateTime at;

        /** @param path how messages name this approval ({@code approvals[2]}) */
        Builder(String path) {
            this.path = path;
        }

        /** Who gives the verdict (required). */
        public Builder by(String by) {
            this.by = Objects.requireNonNull(by, () -> path + ".by must not be null");
            return this;
        }

        /** The role it is given in, in upper case: {@code TECH_LEAD}, {@code CEO}, ... (required). */
        public Builder role(String role) {
            this.role = Objects.requireNonNull(role, () -> path + ".role must not be null");
            return this;
        }

        /** Approved or rejected (required). */
        public Builder verdict(Verdict verdict) {
            this.verdict = Objects.requireNonNull(verdict, () -> path + ".verdict must not be null");
            return this;
        }

        /** The commit approved: required in a deployment, where another than the head commit is stale. */
        public Builder commit(String commit) {
            this.commit = Objects.requireNonNull(commit, () -> path + ".commit must not be null");
            return this;
        }

        /** How it was given ({@link Channel#PULL_REQUEST} unless set); a verbal one names its record. */
        public Builder channel(Channel channel) {
            this.channel = Objects.requireNonNull(channel, () -> path + ".channel must not be null");
            return this;
        }

        /** Where a verbal approval is documented (e.g. the PR description). */
        public Builder reference(String reference) {
            this.reference = Objects.requireNonNull(reference, () -> path + ".reference must not be null");
            return this;
        }

        /** When it was given; orders one person's verdicts. */
        public Builder at(OffsetDateTime at) {
            this.at = Objects.requireNonNull(at, () -> path + ".at must not be null");
            return this;
        }

        Approval build() {
            return new Approval(by, role, verdict, Optional.ofNullable(commit), channel, Optional.ofNullable(reference),
                    Optional.ofNullable(at));
        }
    }
}
