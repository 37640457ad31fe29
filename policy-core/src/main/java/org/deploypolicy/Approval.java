package org.deploypolicy;

import java.time.OffsetDateTime;
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
}
