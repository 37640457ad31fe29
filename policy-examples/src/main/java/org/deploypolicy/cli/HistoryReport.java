package org.deploypolicy.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.deploypolicy.ApprovalRecord;
import org.deploypolicy.Approver;
import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionHistory.Decided;
import org.deploypolicy.DecisionHistory.Done;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.RosterEntry;

/**
 * The auditor's report of decision logs: for a period, every production deployment and rollback decided (who asked,
 * the outcome, who approved in which role, the waivers, the policy version), the approval record of each approved
 * production deployment, and each log's audit above them.
 *
 * <p>Everything reported is what the logs hold: each decision is the logged one, never decided again, and each
 * record is filled from the logged request and decision. The policy given supplies only the production branch, the
 * zone of dates, the roster's names and contacts, and what the record's template reads from settings (the required
 * checks). A decision whose line keeps the request's digest only is reported with what its decision says (it may or
 * may not be a production deployment: without the request no one can tell), marked, and gets no record.
 */
final class HistoryReport {
    /** Made when a report is first written as JSON: picocli makes every command to run any one of them. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter RECORDED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final String NOT_KEPT = "request not kept (digest only)";

    /** The local dates reported, both ends included; empty ends are open. */
    record Period(Optional<LocalDate> from, Optional<LocalDate> to) {
        static final Period ALL = new Period(Optional.empty(), Optional.empty());

        boolean contains(LocalDate date) {
            return from.map(f -> !date.isBefore(f)).orElse(true) && to.map(t -> !date.isAfter(t)).orElse(true);
        }
    }

    /**
     * A log as the report shows it: its audit, and the lines past its break that could not be used (with
     * {@code --allow-broken}; each as {@code FILE:LINE: what is wrong}).
     */
    private record LogSummary(Path file, DecisionLog.Audit audit, List<String> notUsed) {
    }

    /** A decision reported: its line, whether it comes at or after its log's break, and its obligations done. */
    private record Row(Decided decided, boolean afterBreak, List<Done> done) {
        Optional<PolicyRequest> request() {
            return decided.request();
        }

        boolean approvedDeployment() {
            return decided.decision().outcome() == Outcome.APPROVED
                    && request().map(DeploymentRequest.class::isInstance).orElse(true);
        }
    }

    private final DeploymentPolicy policy;
    private final Period period;
    private final List<LogSummary> logs;
    private final List<Row> rows;
    private final int leftOut;

    private HistoryReport(DeploymentPolicy policy, Period period, List<LogSummary> logs, List<Row> rows, int leftOut) {
        this.policy = policy;
        this.period = period;
        this.logs = logs;
        this.rows = rows;
        this.leftOut = leftOut;
    }

    /**
     * What keeps logs from being reported, each as {@code FILE:LINE: what is wrong}: a log that is broken (unless
     * broken logs are allowed), a line that is neither a decision nor a done line, a done line for a request or an
     * obligation no decision has. Such lines at or after their log's break are left to the break: a broken log
     * refuses the report already, and an allowed one lists them.
     */
    static List<String> refusals(List<DecisionHistory.Log> logs, List<DecisionHistory.LineProblem> problems,
                                 boolean allowBroken) {
        List<String> refusals = new ArrayList<>();
        if (!allowBroken) {
            logs.forEach(log -> log.broken().ifPresent(broken -> refusals.add(broken.toString())));
        }
        problems.stream().filter(p -> pastBreak(p, logs).isEmpty()).forEach(p -> refusals.add(p.toString()));
        return refusals;
    }

    /**
     * The report of these logs for a period. Decisions are listed in the order the logs recorded them (merged by
     * the time each line was written); a done line goes with the last decision of its request before it that has
     * its obligation (the first after it when none is before: replicas' clocks differ).
     *
     * @param policy   the policy for the production branch, the zone and people's names
     * @param problems what {@link DecisionHistory#problems} finds in the logs
     */
    static HistoryReport of(DeploymentPolicy policy, List<DecisionHistory.Log> logs,
                            List<DecisionHistory.LineProblem> problems, Period period) {
        List<LogSummary> summaries = logs.stream().map(log -> new LogSummary(log.file(), log.audit(), problems.stream()
                .filter(p -> pastBreak(p, List.of(log)).isPresent()).map(Object::toString).toList())).toList();
        String production = policy.settings().branches().production();
        ZoneId zone = policy.settings().zone();
        List<DecisionHistory.Entry> entries = DecisionHistory.merged(logs);
        Map<Decided, Row> reported = new IdentityHashMap<>();
        Map<String, List<Integer>> positions = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        int leftOut = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Decided decided)) {
                continue;
            }
            positions.computeIfAbsent(decided.decision().requestId(), id -> new ArrayList<>()).add(i);
            if (!period.contains(decided.decidedAt().atZoneSameInstant(zone).toLocalDate())) {
                continue;
            }
            if (decided.request().map(r -> r instanceof RollbackRequest
                    || ((DeploymentRequest) r).target().equals(production)).orElse(true)) {
                Row row = new Row(decided, afterBreak(decided, logs), new ArrayList<>());
                rows.add(row);
                reported.put(decided, row);
            } else {
                leftOut++;
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof Done done) {
                decisionOf(done, i, entries, positions.getOrDefault(done.requestId(), List.of()))
                        .map(reported::get).ifPresent(row -> row.done().add(done));
            }
        }
        return new HistoryReport(policy, period, summaries, rows, leftOut);
    }

    /** The decision a done line at {@code at} goes with, among those of its request (at {@code positions}). */
    private static Optional<Decided> decisionOf(Done done, int at, List<DecisionHistory.Entry> entries,
                                                List<Integer> positions) {
        Decided after = null;
        for (int p = positions.size() - 1; p >= 0; p--) {
            Decided decided = (Decided) entries.get(positions.get(p));
            if (decided.decision().obligations().stream().anyMatch(o -> o.rule().equals(done.rule()))) {
                if (positions.get(p) < at) {
                    return Optional.of(decided);
                }
                after = decided;
            }
        }
        return Optional.ofNullable(after);
    }

    private static boolean afterBreak(DecisionHistory.Entry entry, List<DecisionHistory.Log> logs) {
        return logs.stream().anyMatch(log -> log.file().equals(entry.file()) && !log.audit().sound()
                && entry.line() >= log.audit().brokenLine());
    }

    /** The log a problem is in when its line is at or after that log's break. */
    private static Optional<DecisionHistory.Log> pastBreak(DecisionHistory.LineProblem problem,
                                                           List<DecisionHistory.Log> logs) {
        return logs.stream().filter(log -> !log.audit().sound() && log.file().equals(problem.file())
                && problem.line() >= log.audit().brokenLine()).findFirst();
    }

    /** The report as a Markdown document: the logs' audit, the table of decisions, then the approval records. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Production deployments and rollbacks\n\n");
        out.append("**Period:** ").append(periodWords()).append('\n');
        out.append("**Read with:** policy ").append(policy.id().name()).append(' ').append(policy.id().version())
                .append(" (production branch `").append(policy.settings().branches().production()).append("`, ")
                .append(policy.settings().roster().isEmpty() ? "people by id: it has no roster"
                        : "people named from its roster").append("); each decision names the policy that made it\n\n");
        out.append("## Logs\n\n| Log | Sound lines | Last hash | Audit |\n|---|---|---|---|\n");
        for (LogSummary log : logs) {
            out.append("| ").append(cell(log.file().toString())).append(" | ").append(log.audit().goodLines())
                    .append(" | ").append(log.audit().lastHash()).append(" | ").append(cell(auditWords(log.audit())))
                    .append(" |\n");
        }
        List<String> notUsed = logs.stream().flatMap(log -> log.notUsed().stream()).toList();
        if (!notUsed.isEmpty()) {
            out.append("\nPast a break, not used:\n");
            notUsed.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        out.append("\n## Decisions\n\n").append(counts()).append("\n\n");
        out.append("| Decided | Request | Kind | Requester | Outcome | Approved by | Waivers | Policy | Log line | Note |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            List<String> cells = List.of(MINUTE.format(local(row)), row.decided().decision().requestId(), kind(row),
                    requester(row), row.decided().decision().outcome().name(), or(approvals(row), "none required"),
                    or(waivers(row), "none"), policyOf(row), row.decided().where(), note(row));
            out.append("| ").append(String.join(" | ", cells.stream().map(HistoryReport::cell).toList())).append(" |\n");
        }
        out.append("\n# Approval records\n");
        if (rows.stream().noneMatch(Row::approvedDeployment)) {
            out.append("\nNo production deployment was approved in the period.\n");
        }
        for (Row row : rows) {
            if (!row.approvedDeployment()) {
                continue;
            }
            out.append("\n---\n\n");
            out.append("From ").append(row.decided().where()).append(row.afterBreak() ? ", after its log's break" : "");
            if (row.request().isEmpty()) {
                out.append(": ").append(row.decided().decision().requestId()).append(" was approved, but its request "
                        + "was not kept (digest only): no record can be written.\n");
            } else {
                out.append(".\n\n").append(ApprovalRecord.markdown(policy, row.request().get(), row.decided().decision()));
            }
            if (!row.done().isEmpty()) {
                out.append("\n**Done** (the log's done lines):\n");
                row.done().forEach(done -> out.append("- ").append(doneWords(done)).append('\n'));
            }
        }
        return out.toString();
    }

    private String periodWords() {
        String zone = policy.settings().zone().getId();
        if (period.from().isEmpty() && period.to().isEmpty()) {
            return "every decision in the logs (times in " + zone + ")";
        }
        return period.from().map(LocalDate::toString).orElse("the first decision") + " to "
                + period.to().map(LocalDate::toString).orElse("the last decision") + ", both included (times in "
                + zone + ")";
    }

    private static String auditWords(DecisionLog.Audit audit) {
        return audit.sound() ? "sound" : "broken at line " + audit.brokenLine() + ": " + audit.problem();
    }

    private String counts() {
        long deployments = rows.stream().filter(r -> r.request().filter(DeploymentRequest.class::isInstance).isPresent()).count();
        long rollbacks = rows.stream().filter(r -> r.request().filter(RollbackRequest.class::isInstance).isPresent()).count();
        long notKept = rows.stream().filter(r -> r.request().isEmpty()).count();
        return rows.size() + " decision" + (rows.size() == 1 ? "" : "s") + " in the period: " + deployments
                + " production deployment" + (deployments == 1 ? "" : "s") + ", " + rollbacks + " rollback"
                + (rollbacks == 1 ? "" : "s") + ", " + notKept + " whose request was not kept (digest only); "
                + leftOut + (leftOut == 1 ? " that is not a production deployment" : " that are not production "
                + "deployments") + " left out.";
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    private static String or(String text, String none) {
        return text.isEmpty() ? none : text;
    }

    /**
     * The decisions as CSV (RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a quote
     * or a line end), one row per decision; the logs' audit is not in it.
     */
    String csv() {
        StringBuilder out = new StringBuilder();
        csvRow(out, List.of("log", "line", "date", "decided at", "request", "kind", "requester", "outcome",
                "approved by", "waivers", "policy", "policy version", "done", "note"));
        for (Row row : rows) {
            csvRow(out, List.of(row.decided().file().toString(), String.valueOf(row.decided().line()),
                    local(row).toLocalDate().toString(), ISO.format(local(row)),
                    row.decided().decision().requestId(), kind(row), requester(row),
                    row.decided().decision().outcome().name(), approvals(row), waivers(row),
                    row.decided().decision().policy().name(), row.decided().decision().policy().version(),
                    String.join("; ", row.done().stream().map(this::doneWords).toList()), note(row)));
        }
        return out.toString();
    }

    private static void csvRow(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            out.append(i == 0 ? "" : ",").append(field.matches("(?s).*[\",\\r\\n].*")
                    ? "\"" + field.replace("\"", "\"\"") + "\"" : field);
        }
        out.append("\r\n");
    }

    /** Each log's audit in a line, as {@code audit} says it: for formats that have no place for it. */
    List<String> auditLines() {
        return logs.stream().map(log -> log.audit().sound()
                ? log.file() + ": sound, " + log.audit().goodLines() + " lines, last hash " + log.audit().lastHash()
                : log.file() + ":" + log.audit().brokenLine() + ": " + log.audit().problem() + " (" + log.audit()
                        .goodLines() + " good lines before it; last good hash " + log.audit().lastHash() + ")").toList();
    }

    /**
     * The report as a JSON object: {@code period}, {@code policy}, {@code logs} (each log's audit and the lines past
     * its break not used), {@code counts}, {@code decisions} (one object per decision, people as {@code {id, name,
     * contact}}, {@code record} the index of its approval record or null) and {@code records} (each approval record
     * as Markdown, null where the request was not kept).
     */
    String json() {
        ObjectNode report = Json.MAPPER.createObjectNode();
        ObjectNode periodNode = report.putObject("period");
        periodNode.put("from", period.from().map(LocalDate::toString).orElse(null));
        periodNode.put("to", period.to().map(LocalDate::toString).orElse(null));
        periodNode.put("zone", policy.settings().zone().getId());
        report.putObject("policy").put("name", policy.id().name()).put("version", policy.id().version())
                .put("productionBranch", policy.settings().branches().production());
        ArrayNode logNodes = report.putArray("logs");
        for (LogSummary log : logs) {
            ObjectNode node = logNodes.addObject().put("file", log.file().toString())
                    .put("soundLines", log.audit().goodLines()).put("lastHash", log.audit().lastHash())
                    .put("sound", log.audit().sound());
            node.put("brokenLine", log.audit().sound() ? null : log.audit().brokenLine());
            node.put("problem", log.audit().sound() ? null : log.audit().problem());
            log.notUsed().forEach(node.putArray("notUsed")::add);
        }
        report.putObject("counts").put("decisions", rows.size()).put("leftOut", leftOut);
        ArrayNode decisions = report.putArray("decisions");
        ArrayNode records = report.putArray("records");
        for (Row row : rows) {
            decisions.add(decisionNode(row, row.approvedDeployment() ? records.size() : null));
            if (row.approvedDeployment()) {
                records.addObject().put("requestId", row.decided().decision().requestId())
                        .put("log", row.decided().file().toString()).put("line", row.decided().line())
                        .put("markdown", row.request().map(r -> ApprovalRecord.markdown(policy, r,
                                row.decided().decision())).orElse(null));
            }
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report that cannot be written as JSON", e);
        }
    }

    private ObjectNode decisionNode(Row row, Integer record) {
        Decided decided = row.decided();
        ObjectNode node = Json.MAPPER.createObjectNode().put("log", decided.file().toString()).put("line", decided.line())
                .put("date", local(row).toLocalDate().toString())
                .put("decidedAt", ISO.format(local(row)))
                .put("requestId", decided.decision().requestId())
                .put("kind", row.request().map(r -> r instanceof RollbackRequest ? "ROLLBACK" : "DEPLOYMENT").orElse(null))
                .put("requestKept", row.request().isPresent());
        node.set("requester", row.request().map(r -> personNode(r.requester().id())).orElse(null));
        node.put("outcome", decided.decision().outcome().name());
        ArrayNode approvals = node.putArray("approvals");
        for (Approver slot : decided.decision().approvers()) {
            ObjectNode a = approvals.addObject().put("role", slot.role());
            a.set("satisfiedBy", slot.satisfiedBy().map(this::personNode).orElse(null));
            a.set("rejectedBy", slot.rejectedBy().map(this::personNode).orElse(null));
        }
        ArrayNode waivers = node.putArray("waivers");
        for (Finding finding : decided.decision().findings()) {
            finding.waived().ifPresent(w -> {
                ObjectNode waiver = waivers.addObject().put("rule", finding.rule())
                        .put("subject", finding.subject().orElse(null));
                waiver.set("by", personNode(w.by()));
                waiver.put("reason", w.reason());
            });
        }
        node.putObject("policy").put("name", decided.decision().policy().name())
                .put("version", decided.decision().policy().version());
        ArrayNode done = node.putArray("done");
        for (Done d : row.done()) {
            ObjectNode doneNode = done.addObject().put("rule", d.rule());
            doneNode.set("by", personNode(d.by()));
            doneNode.put("recordedAt", ISO.format(d.time().atZoneSameInstant(policy.settings().zone())))
                    .put("evidence", d.evidence().orElse(null)).put("line", d.where());
        }
        node.put("afterBreak", row.afterBreak());
        node.put("record", record);
        return node;
    }

    private ObjectNode personNode(String id) {
        Optional<RosterEntry> entry = rosterEntry(id);
        return Json.MAPPER.createObjectNode().put("id", id)
                .put("name", entry.flatMap(RosterEntry::name).orElse(null))
                .put("contact", entry.flatMap(RosterEntry::contact).orElse(null));
    }

    private ZonedDateTime local(Row row) {
        return row.decided().decidedAt().atZoneSameInstant(policy.settings().zone());
    }

    private static String kind(Row row) {
        return row.request().map(r -> r instanceof RollbackRequest ? "rollback" : "deployment").orElse("unknown");
    }

    private String requester(Row row) {
        return row.request().map(r -> person(r.requester().id())).orElse("unknown");
    }

    /** Each approval slot: who filled it, who rejected it, or none. */
    private String approvals(Row row) {
        return String.join("; ", row.decided().decision().approvers().stream().map(slot -> Approvers.roleWords(slot.role())
                + ": " + slot.rejectedBy().map(by -> "rejected by " + person(by))
                .orElse(slot.satisfiedBy().map(this::person).orElse("none"))).toList());
    }

    private String waivers(Row row) {
        return String.join("; ", row.decided().decision().findings().stream().filter(f -> f.waived().isPresent())
                .map(f -> f.rule() + f.subject().map(s -> " (" + s + ")").orElse("") + " by "
                        + person(f.waived().get().by()) + ": " + f.waived().get().reason()).toList());
    }

    private static String policyOf(Row row) {
        return row.decided().decision().policy().name() + " " + row.decided().decision().policy().version();
    }

    private static String note(Row row) {
        List<String> notes = new ArrayList<>();
        if (row.request().isEmpty()) {
            notes.add(NOT_KEPT);
        }
        if (row.afterBreak()) {
            notes.add("after the break");
        }
        return String.join("; ", notes);
    }

    private String doneWords(Done done) {
        return done.rule() + " by " + person(done.by()) + ", recorded "
                + RECORDED.format(done.time().atZoneSameInstant(policy.settings().zone()))
                + done.evidence().map(e -> ": " + e).orElse("") + " (" + done.where() + ")";
    }

    /** A person as the approval record names them: {@code name (id, contact)} from the roster, else the id. */
    private String person(String id) {
        return rosterEntry(id).map(e -> e.name().orElse(id) + " (" + id + e.contact().map(c -> ", " + c).orElse("")
                + ")").orElse(id);
    }

    private Optional<RosterEntry> rosterEntry(String id) {
        return policy.settings().roster().stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
