package org.deploypolicy.cli;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.deploypolicy.Decision;
import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionHistory.Decided;
import org.deploypolicy.DecisionHistory.Done;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.Obligation;
import org.deploypolicy.PolicyException;
import org.deploypolicy.rules.RosterEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy done}: records in a decision log that an obligation of an approved deploy was met. */
@Command(name = "done", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Appends a line to a decision log saying an obligation was met, by whom, with what evidence "
                + "(see obligations). The line is hash-chained as every line, so audit covers it; it lifts and "
                + "changes no decision. The log must be sound and hold a decision for --request with an obligation "
                + "--rule that is not yet marked done in it; with --policy and a roster, --by must be on the roster. "
                + "Exit 0 when written, 1 when the obligation is already marked done in this log (nothing is "
                + "written), 3 when the log or the policy cannot be read or the log is not sound, 64 when an option "
                + "is wrong (the message names it and says what the log has), 74 when the line cannot be written.")
final class DoneCommand implements Callable<Integer> {
    /** How many request ids an unknown --request lists: the latest ones. */
    private static final int LISTED = 10;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "The decision log file holding the approval.")
    private Path log;

    @Option(names = "--request", required = true, paramLabel = "ID", description = "The id of the approved request.")
    private String request;

    @Option(names = "--rule", required = true, paramLabel = "RULE",
            description = "The rule id of the obligation met (obligation.monitoring).")
    private String rule;

    @Option(names = "--by", required = true, paramLabel = "PERSON", description = "Who met it.")
    private String by;

    @Option(names = "--evidence", paramLabel = "TEXT", description = "What shows it (a link, a note).")
    private String evidence;

    @Option(names = "--policy", paramLabel = "DIR",
            description = "A policy directory: when its settings have a roster, --by must be one of its ids. "
                    + "Without it, anyone may be named.")
    private Path policy;

    @Override
    public Integer call() {
        notBlank("--request", request);
        notBlank("--rule", rule);
        notBlank("--by", by);
        if (evidence != null) {
            notBlank("--evidence", evidence);
        }
        DecisionHistory.Log read;
        try {
            read = DecisionHistory.read(log);
        } catch (IoFailedException e) {
            return Exit.unreadable(spec, e);
        }
        if (!read.audit().sound()) {
            spec.commandLine().getErr().println(read.broken().orElseThrow());
            spec.commandLine().getErr().flush();
            return Exit.UNREADABLE;
        }
        if (!read.problems().isEmpty()) {
            // a chained line that is no decision or done line: the log does not read as a history to add to
            read.problems().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
            return Exit.UNREADABLE;
        }
        List<Decided> decisions = read.entries().stream().filter(Decided.class::isInstance).map(Decided.class::cast)
                .toList();
        try {
            Optional<String> wrong = wrongRequestOrRule(decisions);
            if (wrong.isEmpty() && policy != null) {
                wrong = notOnRoster(PolicyOption.build(policy, null).settings().roster());
            }
            if (wrong.isPresent()) {
                // a value the log or the roster does not have: named with what they have, without the usage text
                spec.commandLine().getErr().println(wrong.get());
                spec.commandLine().getErr().flush();
                return Exit.USAGE;
            }
            Optional<Done> earlier = doneLines(read).findFirst();
            if (earlier.isPresent()) {
                return alreadyDone(earlier.get());
            }
            DecisionHistory.appendDone(log, request, rule, by, Optional.ofNullable(evidence));
            confirm();
            return Exit.OK;
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
    }

    /** Prints where the new line is, and the log's count and last hash now (to keep, as audit prints them). */
    private void confirm() {
        DecisionHistory.Log after = DecisionHistory.read(log);
        // other writers may have appended since: the line is the last done line for this obligation, not the last line
        int line = doneLines(after).mapToInt(Done::line).max().orElse(0);
        spec.commandLine().getOut().println("Done: " + rule + " of request " + request + " by " + by + ", "
                + log + ":" + line + "; the log: " + after.audit().goodLines() + " lines, last hash "
                + after.audit().lastHash());
        spec.commandLine().getOut().flush();
    }

    /** The done lines of a log for this obligation, in order. */
    private Stream<Done> doneLines(DecisionHistory.Log of) {
        return of.entries().stream().filter(Done.class::isInstance).map(Done.class::cast)
                .filter(d -> d.requestId().equals(request) && d.rule().equals(rule));
    }

    /**
     * Refuses a second done line for one obligation: the first already answers an auditor, and a script that retries
     * after a lost answer must not record it twice.
     */
    private int alreadyDone(Done earlier) {
        spec.commandLine().getErr().println(earlier.where() + ": " + rule + " of request " + request
                + " is already marked done, by " + earlier.by() + " at "
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(earlier.time().truncatedTo(ChronoUnit.SECONDS))
                + "; nothing written");
        spec.commandLine().getErr().flush();
        return Exit.REJECTED;
    }

    /** What is wrong when no decision in the log is for --request, or none of them has the obligation --rule. */
    private Optional<String> wrongRequestOrRule(List<Decided> decisions) {
        List<Decision> ofRequest = decisions.stream().map(Decided::decision).filter(d -> d.requestId().equals(request))
                .toList();
        if (ofRequest.isEmpty()) {
            List<String> withObligations = decisions.stream().map(Decided::decision)
                    .filter(d -> !d.obligations().isEmpty()).map(Decision::requestId).distinct().toList();
            List<String> latest = withObligations.subList(Math.max(0, withObligations.size() - LISTED),
                    withObligations.size());
            return Optional.of("--request: no decision in " + log + " is for request " + request + "; "
                    + (latest.isEmpty() ? "none there has obligations"
                    : (latest.size() < withObligations.size() ? "the latest " + latest.size() + " of "
                    + withObligations.size() + " requests with obligations there: " : "requests with obligations there: ")
                    + String.join(", ", latest)));
        }
        Set<String> rules = new LinkedHashSet<>();
        ofRequest.forEach(d -> d.obligations().stream().map(Obligation::rule).forEach(rules::add));
        if (!rules.contains(rule)) {
            return Optional.of("--rule: request " + request + " has no obligation " + rule + " in " + log + "; "
                    + (rules.isEmpty() ? "its decision has none (" + ofRequest.stream().map(d -> d.outcome().name())
                    .distinct().collect(Collectors.joining(", ")) + ")" : "its obligations: " + String.join(", ", rules)));
        }
        return Optional.empty();
    }

    /** What is wrong when the policy has a roster and --by is not on it. */
    private Optional<String> notOnRoster(List<RosterEntry> roster) {
        if (!roster.isEmpty() && roster.stream().noneMatch(person -> person.id().equals(by))) {
            return Optional.of("--by: " + by + " is not on the roster of " + policy + "; its ids: "
                    + roster.stream().map(RosterEntry::id).collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    /**
     * Refuses a blank value as the contract defines blank: empty, or only white space (U+00A0 and U+202F too),
     * control and format characters.
     */
    private void notBlank(String option, String value) {
        if (value.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT)) {
            throw new ParameterException(spec.commandLine(), option + ": must not be blank"
                    + (option.equals("--evidence") ? "; leave it out when there is none" : ""));
        }
    }
}
