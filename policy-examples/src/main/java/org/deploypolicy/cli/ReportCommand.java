package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy report}: the auditor's report of decision logs. */
@Command(name = "report", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = {"Reports decision logs to an auditor: each log's audit, then every production deployment "
                + "and rollback decided in the period with who approved it in which role, the waivers and the policy "
                + "version, then the approval record of each approved production deployment. Exit 0 when reported, "
                + "3 when a log is missing or unreadable, broken (unless --allow-broken), holds a line that is neither "
                + "a decision nor a done line or a done line for a request or obligation no decision has (each named "
                + "FILE:LINE), or when the policy cannot be built; 64 for a usage error (--to before --from).",
                "",
                "The audit of each log: its sound lines and last hash, or the first broken line. The decisions: each "
                + "production deployment (a deployment to the policy's production branch) and rollback, in the order "
                + "the logs recorded them (several logs, one per replica, merged by the time each line was written), "
                + "with the local time decided, request id, kind, requester, outcome, approvals, waivers, policy and "
                + "log line; decisions that are not production deployments are counted, not listed. Each record is "
                + "filled from the logged request and decision (never decided again), followed by the obligations "
                + "the log marks done. A line that keeps the request's digest only is listed with what its decision "
                + "says, marked \"request not kept (digest only)\", and gets no record. The policy gives the "
                + "production branch, the zone and people's names and contacts (name (id, contact)); the reference "
                + "policy has no roster, so without --policy people appear by id.",
                "",
                "Formats: markdown (the whole report); csv (one row per decision, RFC 4180, a header row; the logs' "
                + "audit goes to standard error); json (an object: period, policy, logs, counts, decisions, and "
                + "records holding each approval record as Markdown)."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Decision log files, one per replica.")
    private List<Path> logs;

    @Mixin
    private PolicyOption policy;

    @Option(names = "--from", paramLabel = "DATE", description = "The first day reported (like 2026-11-24), local to "
            + "the policy's zone. Default: the first decision.")
    private String from;

    @Option(names = "--to", paramLabel = "DATE", description = "The last day reported, included. Default: the last "
            + "decision.")
    private String to;

    @Option(names = "--format", paramLabel = "markdown|csv|json", defaultValue = "markdown",
            description = "markdown (default), csv or json.")
    private String format;

    @Option(names = "--allow-broken", description = "Report a log that audit finds broken, marking the decisions at "
            + "and after its first bad line, and listing the lines past it that cannot be used.")
    private boolean allowBroken;

    @Override
    public Integer call() {
        OptionChecks.oneOf(spec, "--format", format, "markdown", "csv", "json");
        HistoryReport.Period period = new HistoryReport.Period(date("--from", from), date("--to", to));
        if (period.from().isPresent() && period.to().isPresent() && period.to().get().isBefore(period.from().get())) {
            throw usage("--to " + to + " is before --from " + from + ": the period would be empty");
        }
        OptionChecks.eachLogOnce(spec, logs);
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<DecisionHistory.Log> read = new ArrayList<>();
            for (Path log : logs) {
                read.add(DecisionHistory.read(log));
            }
            List<DecisionHistory.LineProblem> problems = DecisionHistory.problems(read);
            List<String> refusals = HistoryReport.refusals(read, problems, allowBroken);
            if (!refusals.isEmpty()) {
                refusals.forEach(err::println);
                if (read.stream().anyMatch(log -> !log.audit().sound()) && !allowBroken) {
                    err.println("A broken log is reported only with --allow-broken (its decisions from the break on "
                            + "are marked).");
                }
                err.flush();
                return Exit.UNREADABLE;
            }
            DeploymentPolicy built = policy.build();
            HistoryReport report = HistoryReport.of(built, read, problems, period);
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case "csv" -> {
                    report.auditLines().forEach(err::println);
                    err.flush();
                    out.print(report.csv());
                }
                case "json" -> out.print(report.json());
                default -> out.print(report.markdown());
            }
            out.flush();
            return Exit.OK;
        } catch (IoFailedException e) {
            return Exit.unreadable(spec, e);
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
    }

    private Optional<LocalDate> date(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw usage("Invalid value for option '" + option + "': must be a date like 2026-11-24; was '" + value + "'");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
