package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionHistory.Decided;
import org.deploypolicy.DecisionHistory.Done;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.Obligation;
import org.deploypolicy.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploy-policy obligations}: what approved deploys asked for, and whether it was done in time. */
@Command(name = "obligations", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Lists the obligations of the approved deploys in decision logs (several logs, one per "
                + "replica, merge by time), each with its due time and its state at --at: DONE (a done line for its "
                + "request and rule is in the logs, written at any time; see done), OVERDUE (not done, and due "
                + "before --at) or OPEN (not done, and due later or at no time: one without a due time is open until "
                + "done, never overdue). A request approved more than once lists each approval's obligations, and a "
                + "done line for it marks that obligation done in each. Exit 0 when none is overdue, 1 when any is "
                + "(for a scheduled job to alert), 3 when a log cannot be read, is not sound (its first broken line "
                + "is named, as audit names it), or has a line that is neither a decision nor a done line, or a done "
                + "line for a request or obligation no decision in the logs has.")
final class ObligationsCommand implements Callable<Integer> {
    /** Made when obligations first prints JSON: picocli makes every command to run any one of them. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
        /** Pretty as {@code evaluate --format json} prints a decision: {@code "field": value}. */
        static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter().withSeparators(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withArrayEmptySeparator("")));
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** Where an obligation stands at the time asked about. */
    enum State { OVERDUE, OPEN, DONE }

    /**
     * One obligation of one approval, with the done line that met it, if any.
     *
     * @param decided the log line of the approval
     */
    private record Row(Decided decided, Obligation obligation, Optional<Done> done, State state) {
        String requestId() {
            return decided.decision().requestId();
        }
    }

    /** A done line meets the obligation with this rule of every approval of this request. */
    private record Key(String requestId, String rule) {
    }

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Decision log files (one per replica, say).")
    private List<Path> logs;

    @Option(names = "--at", paramLabel = "TIME", converter = EvaluateCommand.TimeConverter.class,
            description = "Judge due times at this time (RFC 3339, with an offset). Default: now.")
    private OffsetDateTime at;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (a table, a summary line first) or json.")
    private String format;

    @Override
    public Integer call() {
        OptionChecks.oneOf(spec, "--format", format, "text", "json");
        OptionChecks.eachLogOnce(spec, logs);
        OffsetDateTime judgedAt = at != null ? at : OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        PrintWriter err = spec.commandLine().getErr();
        List<DecisionHistory.Log> read = new ArrayList<>();
        boolean unreadable = false;
        for (Path log : logs) {
            try {
                read.add(DecisionHistory.read(log));
            } catch (IoFailedException e) {
                Exit.unreadable(spec, e);
                unreadable = true;
            }
        }
        // every log's broken line is named, even beside one that cannot be read; the history is read only from all
        // logs when all are sound (a line that is not a log line breaks the chain too, and is named once)
        if (!sound(read, err) || unreadable || !history(read, err)) {
            err.flush();
            return Exit.UNREADABLE;
        }
        List<Row> rows = rows(DecisionHistory.merged(read), judgedAt);
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.equals("json") ? json(rows, judgedAt) : text(rows, judgedAt));
        out.flush();
        return rows.stream().anyMatch(row -> row.state() == State.OVERDUE) ? Exit.REJECTED : Exit.OK;
    }

    /**
     * Whether every log is sound, naming the first broken line of each that is not. A log that is not sound is not
     * followed up: its lines may have been edited, so what it says was done or approved cannot be trusted.
     */
    private static boolean sound(List<DecisionHistory.Log> logs, PrintWriter err) {
        boolean sound = true;
        for (DecisionHistory.Log log : logs) {
            if (!log.audit().sound()) {
                err.println(log.broken().orElseThrow());
                sound = false;
            }
        }
        return sound;
    }

    /** Whether the logs read as a history: every line a decision or a done line for one of their obligations. */
    private static boolean history(List<DecisionHistory.Log> logs, PrintWriter err) {
        List<String> problems = DecisionHistory.problems(logs).stream().map(Object::toString).toList();
        problems.forEach(err::println);
        return problems.isEmpty();
    }

    /** Each obligation of each approval, in the order the approvals were logged, as it stands at {@code at}. */
    private static List<Row> rows(List<DecisionHistory.Entry> entries, OffsetDateTime at) {
        Map<Key, Done> done = new HashMap<>();
        for (DecisionHistory.Entry entry : entries) {
            if (entry instanceof Done d) {
                done.putIfAbsent(new Key(d.requestId(), d.rule()), d); // the first, when replicas logged it twice
            }
        }
        List<Row> rows = new ArrayList<>();
        for (DecisionHistory.Entry entry : entries) {
            if (entry instanceof Decided decided && decided.decision().outcome() == Outcome.APPROVED) {
                for (Obligation obligation : decided.decision().obligations()) {
                    Optional<Done> met = Optional.ofNullable(done.get(new Key(decided.decision().requestId(),
                            obligation.rule())));
                    State state = met.isPresent() ? State.DONE
                            : obligation.due().filter(due -> due.isBefore(at)).isPresent() ? State.OVERDUE : State.OPEN;
                    rows.add(new Row(decided, obligation, met, state));
                }
            }
        }
        return rows;
    }

    private static String text(List<Row> rows, OffsetDateTime at) {
        StringBuilder text = new StringBuilder("Obligations at ").append(TIME.format(at)).append(": ")
                .append(summary(rows)).append('\n');
        if (rows.isEmpty()) {
            return text.toString();
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"STATE", "REQUEST", "RULE", "DUE", "ACTION"});
        for (Row row : rows) {
            Obligation o = row.obligation();
            String action = o.action() + o.detail().map(d -> " (" + d + ")").orElse("") + row.done().map(d -> "; done by "
                    + d.by() + " at " + TIME.format(d.time().truncatedTo(ChronoUnit.SECONDS))
                    + d.evidence().map(e -> ": " + e).orElse("")).orElse("");
            table.add(new String[] {row.state().name(), row.requestId(), o.rule(), o.due().map(TIME::format).orElse("-"),
                    action});
        }
        int[] widths = new int[4];
        for (String[] line : table) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        text.append('\n');
        for (String[] line : table) {
            for (int i = 0; i < widths.length; i++) {
                text.append(line[i]).append(" ".repeat(widths[i] - line[i].length() + 2));
            }
            text.append(line[4]).append('\n');
        }
        approvedMoreThanOnce(rows).forEach((request, decisions) -> text.append('\n').append(request)
                .append(" was approved ").append(decisions.size()).append(" times (")
                .append(decisions.stream().map(Decided::where).collect(Collectors.joining(", ")))
                .append("): the obligations of each approval are listed, and a done line for ").append(request)
                .append(" marks its obligation done in each.\n"));
        return text.toString();
    }

    /** {@code 1 overdue, 2 open, 1 done}. */
    private static String summary(List<Row> rows) {
        return count(rows, State.OVERDUE) + " overdue, " + count(rows, State.OPEN) + " open, " + count(rows, State.DONE)
                + " done";
    }

    private static long count(List<Row> rows, State state) {
        return rows.stream().filter(row -> row.state() == state).count();
    }

    /** The requests with more than one approval that has obligations, each with its approvals, in log order. */
    private static Map<String, List<Decided>> approvedMoreThanOnce(List<Row> rows) {
        Map<String, List<Decided>> approvals = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Decided> decisions = approvals.computeIfAbsent(row.requestId(), id -> new ArrayList<>());
            if (!decisions.contains(row.decided())) {
                decisions.add(row.decided());
            }
        }
        approvals.values().removeIf(decisions -> decisions.size() < 2);
        return approvals;
    }

    private static String json(List<Row> rows, OffsetDateTime at) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("at", TIME.format(at));
        root.put("overdue", count(rows, State.OVERDUE));
        root.put("open", count(rows, State.OPEN));
        root.put("done", count(rows, State.DONE));
        ArrayNode items = root.putArray("obligations");
        for (Row row : rows) {
            Obligation o = row.obligation();
            ObjectNode item = items.addObject().put("requestId", row.requestId()).put("rule", o.rule())
                    .put("action", o.action()).put("detail", o.detail().orElse(null))
                    .put("due", o.due().map(TIME::format).orElse(null)).put("state", row.state().name());
            item.putObject("decision").put("file", row.decided().file().toString()).put("line", row.decided().line())
                    .put("decidedAt", TIME.format(row.decided().decidedAt()));
            row.done().ifPresentOrElse(d -> item.putObject("done").put("file", d.file().toString())
                    .put("line", d.line()).put("time", TIME.format(d.time())).put("by", d.by())
                    .put("evidence", d.evidence().orElse(null)), () -> item.putNull("done"));
        }
        try {
            return Json.PRETTY.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of text and numbers always writes", e);
        }
    }
}
