package org.deploypolicy.github;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;

/**
 * A deployment request built from a pull request, its reviews and its check runs as GitHub's REST API returns them,
 * plus what GitHub does not know (the time, the severity, who holds which role), with what it leaves out
 * ({@code warnings}) and what could not be read ({@code problems}). The one mapping from GitHub's JSON to a request,
 * for {@code deploy-policy from-github} and the HTTP service alike:
 *
 * <pre>{@code
 * GitHubRequest github = GitHubRequest.builder(GitHubPayload.of("webhook", body))
 *         .reviews(GitHubPayload.read(Path.of("reviews.json")))
 *         .role("selam", "TECH_LEAD")
 *         .build();
 * }</pre>
 *
 * <p>Each problem and warning is one line that begins with the payload's name and the path in it
 * ({@code reviews.json: $[1][3].commit_id: missing}), or, for a built request the contract rejects, with the
 * request's own path ({@code $.change.headCommit: ...}). Messages about roles speak of them as the command line
 * gives them ({@code --role LOGIN=ROLE}).
 *
 * <p>Immutable and thread-safe; its {@link Builder} is not.
 *
 * @param request  the request; present exactly when there are no problems
 * @param warnings what the request leaves out, or what is likely not what the user meant, in the order found
 * @param problems every payload, field or request field that could not be read, in the order found
 */
public record GitHubRequest(Optional<DeploymentRequest> request, List<String> warnings, List<String> problems) {
    /**
     * The commit of a review whose {@code commit_id} is null, which GitHub writes once the commit reviewed is gone
     * (force-pushed away): not a commit id, so it names no commit a request can have, and an approval of it is stale.
     */
    public static final String UNKNOWN_COMMIT = "a commit GitHub no longer has";

    /** @throws IllegalArgumentException when a request is given with problems, or none without */
    public GitHubRequest {
        warnings = List.copyOf(warnings);
        problems = List.copyOf(problems);
        if (request.isPresent() != problems.isEmpty()) {
            throw new IllegalArgumentException("a request comes exactly when there are no problems; was "
                    + (request.isPresent() ? "a request with " + problems.size() + " problems" : "no request"));
        }
    }

    /** Starts a request from a pull request: GitHub's pull request object, or the event of a run or webhook on one. */
    public static Builder builder(GitHubPayload pull) {
        return new Builder(Objects.requireNonNull(pull, "pull must not be null"));
    }

    /**
     * What {@link #build()} maps, beside the pull request. Each setter rejects {@code null} at once, naming the
     * setting; what is not set is GitHub's alone: no reviews, no check has run, the description unread, no one
     * holds a role, the policy's clock, no severity, the type from the branch ({@code HOTFIX} from a
     * {@code hotfix/} branch, else {@code FEATURE}), each flag false, the id {@code PR-NUMBER}, no policy to check
     * the roles against. Not thread-safe; it may build again.
     */
    public static final class Builder {
        private final GitHubPayload pull;
        private GitHubPayload reviews;
        private GitHubPayload checks;
        private boolean readDescription;
        private final List<RoleGrant> roles = new ArrayList<>();
        private final List<String> codeOwners = new ArrayList<>();
        private OffsetDateTime at;
        private Severity severity;
        private ChangeType type;
        private boolean major;
        private boolean breaking;
        private boolean paymentRelated;
        private boolean databaseMigrations;
        private String branchedFrom;
        private String target;
        private String id;
        private DeploymentPolicy policy;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(GitHubPayload pull) {
            this.pull = pull;
        }

        /**
         * Its reviews ("list reviews for a pull request"), every page. A reviewer's latest review that approves,
         * requests changes or was dismissed decides; their standing verdict is an approval or a rejection in each
         * role they hold.
         */
        public Builder reviews(GitHubPayload reviews) {
            this.reviews = Objects.requireNonNull(reviews, "reviews must not be null");
            return this;
        }

        /** The check runs of its head commit ("list check runs for a Git reference"), every page. */
        public Builder checks(GitHubPayload checks) {
            this.checks = Objects.requireNonNull(checks, "checks must not be null");
            return this;
        }

        /** Whether to read the approval checklist and verbal approvals from the description (README "From GitHub"). */
        public Builder readDescription(boolean read) {
            this.readDescription = read;
            return this;
        }

        /** A GitHub user holds a role (logins compare ignoring case, as GitHub's do). */
        public Builder role(String login, String role) {
            roles.add(new RoleGrant(Objects.requireNonNull(login, "role login must not be null"),
                    Objects.requireNonNull(role, "role must not be null")));
            return this;
        }

        /** A GitHub user is a code owner. */
        public Builder codeOwner(String login) {
            codeOwners.add(Objects.requireNonNull(login, "codeOwner must not be null"));
            return this;
        }

        /** When the deploy would happen; leave it unset for the policy's clock. */
        public Builder at(OffsetDateTime at) {
            this.at = Objects.requireNonNull(at, "at must not be null (leave it unset for the policy's clock)");
            return this;
        }

        /** The severity of the incident it answers; leave it unset when it answers none. */
        public Builder severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity, "severity must not be null");
            return this;
        }

        /** The kind of change; leave it unset for the branch's. */
        public Builder type(ChangeType type) {
            this.type = Objects.requireNonNull(type, "type must not be null");
            return this;
        }

        /** A major feature (calls for the CEO). */
        public Builder major(boolean major) {
            this.major = major;
            return this;
        }

        /** A breaking change (calls for the CEO). */
        public Builder breaking(boolean breaking) {
            this.breaking = breaking;
            return this;
        }

        /** Payment-related (calls for payment reconciliation). */
        public Builder paymentRelated(boolean paymentRelated) {
            this.paymentRelated = paymentRelated;
            return this;
        }

        /** Has database migrations (calls for their review). */
        public Builder databaseMigrations(boolean databaseMigrations) {
            this.databaseMigrations = databaseMigrations;
            return this;
        }

        /** The branch a hotfix branch was cut from. */
        public Builder branchedFrom(String branch) {
            this.branchedFrom = Objects.requireNonNull(branch, "branchedFrom must not be null");
            return this;
        }

        /**
         * One of the team's own attributes, given as text ({@code --attribute tier=1}) and typed as the policy's
         * {@code attributes} declare it: an integer or number read as one, a boolean from {@code true} or
         * {@code false}, an array from items separated by commas. Needs {@link #policy}.
         */
        public Builder attribute(String name, String value) {
            attributes.put(Objects.requireNonNull(name, "attribute name must not be null"),
                    Objects.requireNonNull(value, "attribute value must not be null"));
            return this;
        }

        /**
         * The branch the request deploys to; leave it unset for the pull request's base branch. A deploy gate sets
         * the branch its environment deploys, whatever the pull request went into.
         */
        public Builder target(String branch) {
            this.target = Objects.requireNonNull(branch, "target must not be null");
            return this;
        }

        /** The request's id; leave it unset for {@code PR-NUMBER}. */
        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id must not be null");
            return this;
        }

        /**
         * The policy the request is for: a role given that it never names (not in its roster, its rules or
         * {@code waivers.grantedBy}) gets a warning. A misspelt role ({@code TECHLEAD}) is a role name, so not an
         * error, but an approval in it counts for nothing.
         */
        public Builder policy(DeploymentPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Reads the payloads, pull request first, and builds the request; never throws for what they hold. The
         * request is checked by reading its JSON back, the check any reader of the printed request applies.
         */
        public GitHubRequest build() {
            List<String> problems = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            PayloadReader pullFields = new PayloadReader(pull, problems, warnings);
            PullRequest pr = PullRequest.read(pullFields);
            List<ReviewVerdicts.Verdict> verdicts = reviews == null ? List.of()
                    : ReviewVerdicts.read(new PayloadReader(reviews, problems, warnings));
            Map<String, CheckStatus> statuses = checks == null ? Map.of()
                    : CheckRuns.read(new PayloadReader(checks, problems, warnings), pr.headSha());
            PullRequestDescription description = readDescription
                    ? PullRequestDescription.read(pr.body().orElse(""), pr.path() + ".body", pullFields)
                    : new PullRequestDescription(Checklist.UNKNOWN, List.of());
            if (policy != null) {
                warnings.addAll(unknownRoles(policy));
            }
            Map<String, Object> typed = AttributeTypes.of(policy).typed(attributes, problems);
            if (!problems.isEmpty()) {
                return new GitHubRequest(Optional.empty(), warnings, problems);
            }
            // reviews.approving counts the reviewers whose standing verdict approves the head commit, role or not
            List<ReviewVerdicts.Verdict> approving = verdicts.stream()
                    .filter(v -> v.approved() && v.isOn(pr.headSha())).toList();
            boolean codeOwnerApproved = approving.stream()
                    .anyMatch(v -> codeOwners.stream().anyMatch(owner -> owner.equalsIgnoreCase(v.login())));
            Change change = new Change(Optional.of(pr.title()), type != null ? type
                    : pr.headRef().startsWith("hotfix/") ? ChangeType.HOTFIX : ChangeType.FEATURE,
                    Optional.ofNullable(severity), major, breaking, paymentRelated, databaseMigrations, pr.author(),
                    pr.headSha(), Optional.ofNullable(branchedFrom), pr.labels());
            DeploymentRequest request = new DeploymentRequest(id != null ? id : "PR-" + pr.number(),
                    Optional.ofNullable(at), pr.headRef(), target != null ? target : pr.baseRef(), new Requester(pr.author(), rolesOf(pr.author())),
                    change, approvals(pr, verdicts, description.verbalApprovals(), pullFields),
                    new Reviews(approving.size(), codeOwnerApproved), statuses, description.checklist(), List.of(),
                    typed);
            try {
                if (policy != null) {
                    policy.readRequest(PolicyJson.toJson(request));
                } else {
                    PolicyJson.readRequest(PolicyJson.toJson(request));
                }
            } catch (InvalidRequestException e) {
                e.problems().forEach(problem -> problems.add(problem.describe()));
                return new GitHubRequest(Optional.empty(), warnings, problems);
            }
            return new GitHubRequest(Optional.of(request), warnings, problems);
        }

        /** A warning for each role given that the policy never names. */
        private List<String> unknownRoles(DeploymentPolicy built) {
            Set<String> named = new TreeSet<>(built.roleNames());
            List<String> warnings = new ArrayList<>();
            for (RoleGrant grant : roles.stream().distinct().toList()) {
                if (!named.contains(grant.role())) {
                    warnings.add("--role " + grant.login() + "=" + grant.role() + ": warning: the policy \""
                            + built.id().name() + "\" names no role " + grant.role() + (named.isEmpty() ? ""
                            : " (it names " + String.join(", ", named) + ")") + "; an approval in it counts for nothing");
                }
            }
            return warnings;
        }

        /**
         * Each standing review verdict in each role its reviewer holds, then each verbal approval whose person holds
         * the role it names; a verbal approval from someone else is left out with a warning.
         */
        private List<Approval> approvals(PullRequest pr, List<ReviewVerdicts.Verdict> verdicts,
                                         List<PullRequestDescription.VerbalApproval> verbalApprovals,
                                         PayloadReader pullFields) {
            List<Approval> approvals = new ArrayList<>();
            for (ReviewVerdicts.Verdict verdict : verdicts) {
                for (String role : rolesOf(verdict.login())) {
                    approvals.add(new Approval(verdict.login(), role,
                            verdict.approved() ? Verdict.APPROVED : Verdict.REJECTED,
                            Optional.of(verdict.commit().orElse(UNKNOWN_COMMIT)),
                            Channel.PULL_REQUEST, Optional.empty(), verdict.at()));
                }
            }
            for (PullRequestDescription.VerbalApproval verbal : verbalApprovals) {
                if (rolesOf(verbal.login()).contains(verbal.role())) {
                    approvals.add(new Approval(verbal.login(), verbal.role(), Verdict.APPROVED,
                            Optional.of(verbal.commit().orElse(pr.headSha())), Channel.VERBAL,
                            Optional.of("PR #" + pr.number() + " description: " + verbal.text()),
                            Optional.of(verbal.at())));
                } else {
                    pullFields.warning(pr.path() + ".body line " + verbal.line(), "no --role gives @" + verbal.login()
                            + " the role " + verbal.role() + "; this verbal approval is left out");
                }
            }
            return approvals;
        }

        /** The roles a GitHub user holds (logins compare ignoring case, as GitHub's do). */
        private List<String> rolesOf(String login) {
            return roles.stream().filter(g -> g.login().equalsIgnoreCase(login)).map(RoleGrant::role).distinct().toList();
        }
    }

    private record RoleGrant(String login, String role) {
    }
}
