package org.deploypolicy.examples;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;

/**
 * An example of embedding deploy-policy: a deploy bot that asks the policy before it merges a pull request into
 * production, merges only when the answer is {@link Outcome#APPROVED}, and otherwise answers on the pull request
 * with each finding (rule id and message) and, when a window blocks, when it may try again.
 *
 * <p>Build the {@link DeploymentPolicy} once (it compiles the rules) and share it: one policy serves every pull
 * request and every thread. The bot itself keeps no state, so it is as thread-safe as its {@link CodeHost}.
 */
public final class DeployBot {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx", Locale.ENGLISH);

    /** What the bot does on the code host (GitHub's merge and comment calls, say), kept apart so it can be tested. */
    public interface CodeHost {
        /** Merges the pull request, provided its head is still {@code headCommit} (the commit that was decided). */
        void merge(String pullRequest, String headCommit);

        /** Answers on the pull request. */
        void reply(String pullRequest, String message);
    }

    private final DeploymentPolicy policy;
    private final CodeHost host;
    private final Clock clock;

    /**
     * @param policy the policy, built once and shared
     * @param host   where to merge and reply
     * @param clock  the bot's clock: it merges now, so it judges every request at its clock's time
     */
    public DeployBot(DeploymentPolicy policy, CodeHost host, Clock clock) {
        this.policy = policy;
        this.host = host;
        this.clock = clock;
    }

    /**
     * Someone asked the bot to merge a pull request, described by {@code request} as it stands now (its id names the
     * pull request; build it from the records or read {@code deploy-policy from-github}'s JSON with
     * {@link org.deploypolicy.PolicyJson#readRequest(String)}). Merges on approval, else replies why not.
     *
     * @return the decision, judged at the bot's clock
     * @throws org.deploypolicy.InvalidRequestException   when the request breaks the contract (nothing is merged)
     * @throws org.deploypolicy.EvaluationFailedException when a rule fails (nothing is merged)
     */
    public Decision mergeRequested(DeploymentRequest request) {
        DeploymentRequest now = request.withAt(OffsetDateTime.now(clock));
        Decision decision = policy.evaluate(now);
        if (decision.outcome() == Outcome.APPROVED) {
            host.merge(request.id(), request.change().headCommit());
        } else {
            host.reply(request.id(), reply(decision));
        }
        return decision;
    }

    /** The answer to a merge that is not approved: the outcome, each finding, and when windows would allow it. */
    static String reply(Decision decision) {
        StringBuilder text = new StringBuilder("Not merged: ").append(decision.outcome())
                .append(" by policy ").append(decision.policy().name()).append(" (").append(decision.policy().version())
                .append(").\n");
        for (Finding finding : decision.findings()) {
            text.append("- ").append(finding.effect()).append(' ').append(finding.rule());
            finding.subject().ifPresent(subject -> text.append(" [").append(subject).append(']'));
            text.append(": ").append(finding.message()).append('\n');
        }
        decision.nextAllowed().ifPresent(next -> {
            text.append("Next allowed: ").append(WHEN.format(next.at()));
            next.preferredAt().ifPresent(preferred -> text.append(" (preferred from ").append(WHEN.format(preferred))
                    .append(')'));
            text.append(".\n");
        });
        return text.toString();
    }
}
