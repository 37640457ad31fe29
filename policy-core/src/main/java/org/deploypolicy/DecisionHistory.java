package org.deploypolicy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.deploypolicy.internal.Core;

/**
 * What decision logs hold, read back: each decision with the request it decided (when the log keeps requests), and
 * each obligation marked done, for replaying a log under another policy, reporting it to an auditor and following
 * up what decisions asked for. Several logs (one per replica) merge by time.
 */
public final class DecisionHistory {
    private DecisionHistory() {
    }

    /** A line of a log: where it is, and when it was written. */
    public sealed interface Entry permits Decided, Done {
        /** The log file the line is in. */
        Path file();

        /** Its line number, from 1. */
        int line();

        /** When it was written (UTC). */
        OffsetDateTime time();

        /** {@code FILE:LINE}, as messages name a line. */
        default String where() {
            return file() + ":" + line();
        }
    }

    /**
     * A decision as the log recorded it.
     *
     * @param requestDigest the digest of the request's canonical JSON
     * @param request       the request as read, or empty in a line that keeps its digest only
     */
    public record Decided(Path file, int line, OffsetDateTime time, String requestDigest,
                          Optional<PolicyRequest> request, Decision decision) implements Entry {
        public Decided {
            Objects.requireNonNull(file, "file");
            request = request == null ? Optional.empty() : request;
        }

        /** The time the request was decided at: its own {@code at}, else when it was evaluated. */
        public OffsetDateTime decidedAt() {
            return request.flatMap(PolicyRequest::at).orElse(decision.evaluatedAt());
        }
    }

    /** An obligation of a decision marked done: by whom, and the evidence given. */
    public record Done(Path file, int line, OffsetDateTime time, String requestId, String rule, String by,
                       Optional<String> evidence) implements Entry {
        public Done {
            Objects.requireNonNull(file, "file");
            evidence = evidence == null ? Optional.empty() : evidence;
        }
    }

    /** A line of a log that does not read as history, and why: {@code FILE:LINE: why} as text. */
    public record LineProblem(Path file, int line, String message) {
        public LineProblem {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /**
     * A log read back.
     *
     * @param audit    what {@link DecisionLog#audit(Path)} finds of it
     * @param entries  its lines that read as a decision or a done line, in order (past a broken line too: a caller
     *                 that goes on past one marks where)
     * @param problems each line that is neither, and why
     */
    public record Log(Path file, DecisionLog.Audit audit, List<Entry> entries, List<LineProblem> problems) {
        public Log {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        /** The first line the audit finds broken, with what is wrong with it, or empty for a sound log. */
        public Optional<LineProblem> broken() {
            return audit.sound() ? Optional.empty()
                    : Optional.of(new LineProblem(file, audit.brokenLine(), audit.problem()));
        }
    }

    /**
     * Reads a log file and audits it.
     *
     * @throws IoFailedException when the file does not exist or cannot be read
     */
    public static Log read(Path file) {
        return Core.readLog(Objects.requireNonNull(file, "file"));
    }

    /** The entries of several logs, by the time each line was written (a log's own order kept among equal times). */
    public static List<Entry> merged(List<Log> logs) {
        List<Entry> all = new ArrayList<>();
        logs.forEach(log -> all.addAll(log.entries()));
        all.sort(Comparator.comparing(Entry::time));
        return all;
    }

    /**
     * What keeps logs from being read as a history: a line that is neither a decision nor a done line, and a done
     * line for a request or an obligation no decision in these logs has.
     */
    public static List<LineProblem> problems(List<Log> logs) {
        List<LineProblem> problems = new ArrayList<>();
        logs.forEach(log -> problems.addAll(log.problems()));
        List<Entry> entries = merged(logs);
        Map<String, List<Decision>> byRequest = new HashMap<>();
        for (Entry entry : entries) {
            if (entry instanceof Decided decided) {
                byRequest.computeIfAbsent(decided.decision().requestId(), id -> new ArrayList<>()).add(decided.decision());
            }
        }
        for (Entry entry : entries) {
            if (entry instanceof Done done) {
                List<Decision> decisions = byRequest.getOrDefault(done.requestId(), List.of());
                if (decisions.isEmpty()) {
                    problems.add(new LineProblem(done.file(), done.line(), "done for request " + done.requestId()
                            + ", which no decision in the log has"));
                } else if (decisions.stream().noneMatch(d -> d.obligations().stream()
                        .anyMatch(o -> o.rule().equals(done.rule())))) {
                    problems.add(new LineProblem(done.file(), done.line(), "done for " + done.rule()
                            + ", which is not an obligation of request " + done.requestId() + "'s decision"));
                }
            }
        }
        return problems;
    }

    /**
     * Appends a line to a log saying an obligation was met; it lifts and changes no decision, and the chain covers
     * it as any line.
     *
     * <p>It does not look for the decision: a team with replicas may record it in another replica's log. A done line
     * that no decision of the logs read with it matches is named by {@link #problems(List)}, so check first, as
     * {@code deploy-policy done} checks its log.
     *
     * @throws IoFailedException when the log is not sound or cannot be written
     */
    public static void appendDone(Path file, String requestId, String rule, String by, Optional<String> evidence) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(by, "by");
        Core.appendDone(file, requestId, rule, by, evidence);
    }
}
