package org.deploypolicy.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.CheckStatus;

/**
 * GitHub's "list check runs for a Git reference" object as the request's {@code checks}, mapped as the contract's
 * "Mapping from GitHub check runs" says, from one page or from every page merged in order ({@code check_runs}
 * concatenated; the file must list as many runs as {@code total_count} says there are). Only runs on the pull
 * request's head commit count. Of several runs with one name (a re-run),
 * the latest counts, which is the one with the highest {@code id} (GitHub numbers runs as it creates them, and a
 * re-run that is still queued has no start time yet).
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
        // A file of one array is the pages of gh api --paginate --slurp: one page is an object.
        List<GitHubPayload.Node> pages = checks.pages(JsonNode::isArray);
        List<GitHubPayload.Node> runs = new ArrayList<>();
        long total = 0;
        for (GitHubPayload.Node page : pages) {
            runs.addAll(checks.array(page.get("check_runs")));
            total = Math.max(total, checks.number(page.get("total_count")));
        }
        String where = pages.size() == 1 ? pages.get(0).get("check_runs").path() : "$[*].check_runs";
        // Runs counted by id: a run listed twice (a page boundary that moved while saving) does not hide a lost one.
        Set<Long> ids = new HashSet<>();
        runs.forEach(run -> ids.add(run.json().path("id").asLong()));
        if (total > ids.size()) {
            checks.problem(where, (pages.size() == 1 ? "lists " : "the " + pages.size() + " pages list ") + ids.size()
                    + " of " + total + " check runs (total_count): save every page (gh api --paginate)");
        }
        Map<String, CheckStatus> statuses = new TreeMap<>();
        Map<String, Long> latest = new TreeMap<>();
        for (GitHubPayload.Node run : runs) {
            String name = checks.text(run.get("name"));
            long id = checks.number(run.get("id"));
            CheckStatus status = status(checks, run);
            boolean onHead = checks.text(run.get("head_sha")).equalsIgnoreCase(headSha);
            if (onHead && status != null && id >= latest.getOrDefault(name, Long.MIN_VALUE)) {
                latest.put(name, id);
                statuses.put(name, status);
            }
        }
        return statuses;
    }

    /** A run's status; null (with a problem recorded) when GitHub's values are not ones this mapping knows. */
    private static CheckStatus status(GitHubPayload checks, GitHubPayload.Node run) {
        String status = checks.text(run.get("status"));
        if (UNFINISHED.contains(status)) {
            return CheckStatus.PENDING;
        }
        if (!status.equals("completed")) {
            if (!status.isEmpty()) {
                checks.problem(run.get("status").path(), "must be one of queued, in_progress, waiting, requested, "
                        + "pending, completed; was \"" + status + "\"");
            }
            return null;
        }
        String conclusion = checks.text(run.get("conclusion"));
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
            checks.problem(run.get("conclusion").path(), "must be one of success, failure, timed_out, cancelled, "
                    + "action_required, startup_failure, neutral, skipped, stale; was \"" + conclusion + "\"");
        }
        return null;
    }
}
