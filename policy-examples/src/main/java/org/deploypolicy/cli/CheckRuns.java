package org.deploypolicy.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.CheckStatus;

/**
 * GitHub's "list check runs for a Git reference" object as the request's {@code checks}, mapped as CONTRACT.md
 * "Mapping from GitHub check runs" says. Only runs on the pull request's head commit count; of several runs with
 * one name (a re-run), the latest counts, which is the one with the highest {@code id} (GitHub numbers runs as it
 * creates them, and a re-run that is still queued has no start time yet).
 */
final class CheckRuns {
    private static final Set<String> PASSED = Set.of("success");
    private static final Set<String> FAILED = Set.of("failure", "timed_out", "cancelled", "action_required",
            "startup_failure");
    private static final Set<String> PENDING = Set.of("neutral", "skipped", "stale");
    /** Statuses of a run that has not finished: pending whatever the conclusion says. */
    private static final Set<String> UNFINISHED = Set.of("queued", "in_progress", "waiting", "requested", "pending");

    private CheckRuns() {
    }

    /** Check name to status, by name. */
    static Map<String, CheckStatus> read(GitHubPayload checks, String headSha) {
        List<JsonNode> runs = checks.array(checks.root.path("check_runs"), "$.check_runs");
        long total = checks.number(checks.root.path("total_count"), "$.total_count");
        if (total > runs.size()) {
            checks.problem("$.check_runs", "lists " + runs.size() + " of " + total + " check runs (total_count): "
                    + "save every page (gh api --paginate --slurp, then merge the check_runs arrays)");
        }
        Map<String, CheckStatus> statuses = new TreeMap<>();
        Map<String, Long> latest = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            JsonNode run = runs.get(i);
            String path = "$.check_runs[" + i + "]";
            String name = checks.text(run.path("name"), path + ".name");
            long id = checks.number(run.path("id"), path + ".id");
            CheckStatus status = status(checks, run, path);
            boolean onHead = checks.text(run.path("head_sha"), path + ".head_sha").equalsIgnoreCase(headSha);
            if (onHead && status != null && id >= latest.getOrDefault(name, Long.MIN_VALUE)) {
                latest.put(name, id);
                statuses.put(name, status);
            }
        }
        return statuses;
    }

    /** A run's status; null (with a problem recorded) when GitHub's values are not ones this mapping knows. */
    private static CheckStatus status(GitHubPayload checks, JsonNode run, String path) {
        String status = checks.text(run.path("status"), path + ".status");
        if (UNFINISHED.contains(status)) {
            return CheckStatus.PENDING;
        }
        if (!status.equals("completed")) {
            if (!status.isEmpty()) {
                checks.problem(path + ".status", "must be one of queued, in_progress, waiting, requested, pending, "
                        + "completed; was \"" + status + "\"");
            }
            return null;
        }
        String conclusion = checks.text(run.path("conclusion"), path + ".conclusion");
        if (PASSED.contains(conclusion)) {
            return CheckStatus.PASSED;
        }
        if (FAILED.contains(conclusion)) {
            return CheckStatus.FAILED;
        }
        if (PENDING.contains(conclusion)) {
            return CheckStatus.PENDING;
        }
        if (!conclusion.isEmpty()) {
            checks.problem(path + ".conclusion", "must be one of success, failure, timed_out, cancelled, "
                    + "action_required, startup_failure, neutral, skipped, stale; was \"" + conclusion + "\"");
        }
        return null;
    }
}
