package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deploy-policy from-github}: a deployment request built from a pull request as GitHub's REST API returns
 * it, saved to files, plus what GitHub does not know (the time, the severity, who holds which role), printed as
 * the contract's JSON for {@code evaluate}.
 */
@Command(name = "from-github", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Builds a deployment request (docs/contract.md) from a pull request, its reviews and its check runs "
                + "as GitHub's REST API returns them, and prints it as JSON. What it leaves out is warned about on "
                + "standard error. Exit 0 when built, 3 when a file or a field it needs cannot be read (each named), "
                + "64 on a bad option.")
final class FromGitHubCommand implements Callable<Integer> {
    /**
     * The commit of a review whose {@code commit_id} is null, which GitHub writes once the commit reviewed is gone
     * (force-pushed away): not a commit id, so it names no commit a request can have, and an approval of it is stale.
     */
    static final String UNKNOWN_COMMIT = "a commit GitHub no longer has";

    @Spec
    private CommandSpec spec;

    @Option(names = "--pull", required = true, paramLabel = "PR.json",
            description = "The pull request object (GET /repos/OWNER/REPO/pulls/NUMBER), or the event file of a "
                    + "GitHub Actions run on a pull request ($GITHUB_EVENT_PATH).")
    private Path pull;

    @Option(names = "--reviews", paramLabel = "R.json",
            description = "Its reviews (GET /repos/OWNER/REPO/pulls/NUMBER/reviews), every page "
                    + "(gh api --paginate, with or without --slurp). Without: none.")
    private Path reviews;

    @Option(names = "--checks", paramLabel = "C.json",
            description = "The check runs of its head commit (GET /repos/OWNER/REPO/commits/SHA/check-runs), every "
                    + "page (gh api --paginate, with or without --slurp). Without: no check has run.")
    private Path checks;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--at", paramLabel = "TIME", converter = EvaluateCommand.TimeConverter.class,
            description = "When the deploy would happen (ISO-8601 with an offset). Without: when it is evaluated.")
    private OffsetDateTime at;

    @Option(names = "--severity", paramLabel = "P1..P4", description = "The severity of the incident it answers.")
    private Severity severity;

    @Option(names = "--type", paramLabel = "FEATURE|FIX|HOTFIX",
            description = "The kind of change. Default: HOTFIX from a hotfix/ branch, else FEATURE.")
    private ChangeType type;

    @Option(names = "--major", description = "A major feature (calls for the CEO).")
    private boolean major;

    @Option(names = "--breaking", description = "A breaking change (calls for the CEO).")
    private boolean breaking;

    @Option(names = "--payment-related", description = "Payment-related (calls for payment reconciliation).")
    private boolean paymentRelated;

    @Option(names = "--database-migrations", description = "Has database migrations (calls for their review).")
    private boolean databaseMigrations;

    @Option(names = "--branched-from", paramLabel = "BRANCH", description = "The branch a hotfix branch was cut from.")
    private String branchedFrom;

    @Option(names = "--role", paramLabel = "LOGIN=ROLE", converter = RoleGrant.Converter.class,
            description = "A GitHub user holds a role (repeatable). Their latest review, and their verbal approvals "
                    + "in the description, are verdicts in each role they hold. A role the policy (--policy) never "
                    + "names gets a warning.")
    private List<RoleGrant> roles = new ArrayList<>();

    @Option(names = "--code-owner", paramLabel = "LOGIN", description = "A GitHub user is a code owner (repeatable).")
    private List<String> codeOwners = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", description = "The request's id. Default: PR-NUMBER.")
    private String id;

    @Option(names = "--from-body",
            description = "Read the approval checklist and verbal approvals from the description "
                    + "(README \"From GitHub\").")
    private boolean fromBody;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        GitHubPayload pullFile = GitHubPayload.read(pull, problems, warnings);
        PullRequest pr = PullRequest.read(pullFile);
        List<ReviewVerdicts.Verdict> verdicts = reviews == null ? List.of()
                : ReviewVerdicts.read(GitHubPayload.read(reviews, problems, warnings));
        Map<String, CheckStatus> statuses = checks == null ? Map.of()
                : CheckRuns.read(GitHubPayload.read(checks, problems, warnings), pr.headSha());
        PullRequestDescription description = fromBody
                ? PullRequestDescription.read(pr.body().orElse(""), pr.path() + ".body", pullFile)
                : new PullRequestDescription(Checklist.UNKNOWN, List.of());
        try {
            if (policy.directory != null || !roles.isEmpty()) {
                warnings.addAll(unknownRoles(policy.build()));
            }
        } catch (InvalidPolicyException e) {
            e.problems().forEach(problem -> problems.add(problem.describe()));
        } catch (UncheckedIOException e) {
            problems.add(e.getMessage() + ": " + IoFailedException.reason(e.getCause()));
        }
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.flush();
            return Exit.UNREADABLE;
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
                Optional.ofNullable(at), pr.headRef(), pr.baseRef(), new Requester(pr.author(), rolesOf(pr.author())),
                change, approvals(pr, verdicts, description.verbalApprovals(), warnings),
                new Reviews(approving.size(), codeOwnerApproved), statuses, description.checklist(), List.of());
        String json = PolicyJson.toJson(request);
        try {
            PolicyJson.readRequest(json);
        } catch (InvalidRequestException e) {
            err.flush();
            return Exit.report(spec, e);
        }
        warnings.forEach(err::println);
        err.flush();
        out.println(json);
        out.flush();
        return Exit.OK;
    }

    /**
     * A warning for each {@code --role} whose role the policy never names (not in its roster, its rules or
     * {@code waivers.grantedBy}): a misspelt role ({@code TECHLEAD}) is a role name, so not a usage error, but an
     * approval in it counts for nothing.
     */
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
                                     List<String> warnings) {
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
                warnings.add(pull + ": " + pr.path() + ".body line " + verbal.line() + ": warning: no --role gives @"
                        + verbal.login() + " the role " + verbal.role() + "; this verbal approval is left out");
            }
        }
        return approvals;
    }

    /** The roles {@code --role} gives a GitHub user (logins compare ignoring case, as GitHub's do). */
    private List<String> rolesOf(String login) {
        return roles.stream().filter(g -> g.login().equalsIgnoreCase(login)).map(RoleGrant::role).distinct().toList();
    }

    /** {@code --role LOGIN=ROLE}: a GitHub user who holds a role. */
    record RoleGrant(String login, String role) {
        /** Reads {@code LOGIN=ROLE}; anything else is a usage error that says which part is wrong. */
        static final class Converter implements CommandLine.ITypeConverter<RoleGrant> {
            private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9-]+");
            private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]*");

            @Override
            public RoleGrant convert(String value) {
                int equals = value.indexOf('=');
                if (equals < 0) {
                    throw new CommandLine.TypeConversionException(
                            "must be LOGIN=ROLE, like selam=TECH_LEAD; was '" + value + "'");
                }
                String login = value.substring(0, equals);
                String role = value.substring(equals + 1);
                if (!LOGIN.matcher(login).matches()) {
                    throw new CommandLine.TypeConversionException("must be LOGIN=ROLE, like selam=TECH_LEAD, with a "
                            + "GitHub login (letters, digits and -); was '" + value + "'");
                }
                if (!ROLE.matcher(role).matches()) {
                    throw new CommandLine.TypeConversionException("must be LOGIN=ROLE, like selam=TECH_LEAD, with a "
                            + "role name (capital letters, digits and _, starting with a letter); was '" + value + "'");
                }
                return new RoleGrant(login, role);
            }
        }
    }
}
