package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.deploypolicy.ChangeType;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Severity;
import org.deploypolicy.github.GitHubPayload;
import org.deploypolicy.github.GitHubRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deploy-policy from-github}: a deployment request built from a pull request as GitHub's REST API returns
 * it, saved to files, plus what GitHub does not know (the time, the severity, who holds which role), printed as
 * the contract's JSON for {@code evaluate}. The mapping is {@link GitHubRequest}'s; this command reads the options,
 * the files and the policy the roles are checked against.
 */
@Command(name = "from-github", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Builds a deployment request (docs/contract.md) from a pull request, its reviews and its check runs "
                + "as GitHub's REST API returns them, and prints it as JSON. What it leaves out is warned about on "
                + "standard error. Exit 0 when built, 3 when a file or a field it needs cannot be read (each named), "
                + "64 on a bad option.")
final class FromGitHubCommand implements Callable<Integer> {
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

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
            description = "One of the team's own attributes (repeatable), typed as the policy (--policy) declares it: "
                    + "--attribute tier=1, --attribute services=api,web for an array.")
    private Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GitHubRequest.Builder mapping = GitHubRequest.builder(GitHubPayload.read(pull)).readDescription(fromBody)
                .major(major).breaking(breaking).paymentRelated(paymentRelated).databaseMigrations(databaseMigrations);
        Optional.ofNullable(reviews).map(GitHubPayload::read).ifPresent(mapping::reviews);
        Optional.ofNullable(checks).map(GitHubPayload::read).ifPresent(mapping::checks);
        Optional.ofNullable(at).ifPresent(mapping::at);
        Optional.ofNullable(severity).ifPresent(mapping::severity);
        Optional.ofNullable(type).ifPresent(mapping::type);
        Optional.ofNullable(branchedFrom).ifPresent(mapping::branchedFrom);
        Optional.ofNullable(id).ifPresent(mapping::id);
        roles.forEach(grant -> mapping.role(grant.login(), grant.role()));
        codeOwners.forEach(mapping::codeOwner);
        attributes.forEach(mapping::attribute);
        List<String> policyProblems = new ArrayList<>();
        try {
            if (policy.directory != null || !roles.isEmpty() || !attributes.isEmpty()) {
                mapping.policy(policy.build());
            }
        } catch (InvalidPolicyException e) {
            e.problems().forEach(problem -> policyProblems.add(problem.describe()));
        } catch (UncheckedIOException e) {
            policyProblems.add(e.getMessage() + ": " + IoFailedException.reason(e.getCause()));
        }
        GitHubRequest github = mapping.build();
        List<String> problems = new ArrayList<>(github.problems());
        problems.addAll(policyProblems);
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.flush();
            return Exit.UNREADABLE;
        }
        github.warnings().forEach(err::println);
        err.flush();
        out.println(PolicyJson.toJson(github.request().orElseThrow()));
        out.flush();
        return Exit.OK;
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
