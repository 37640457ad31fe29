package org.deploypolicy.github;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * request's head commit count; the others are left out with a warning. Of several runs with one name (a re-run),
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
    /** How many other commits a warning names before it only counts them. */
    private static final int COMMITS_NAMED = 3;

    private CheckRuns() {
    }

    /** Check name to status, by name. */
    static Map<String, CheckStatus> read(PayloadReader checks, String headSha) {
        // A file of one array is the pages of gh api --paginate --slurp: one page is an object.
        List<PayloadReader.Node> pages = checks.pages(JsonNode::isArray);
        List<PayloadReader.Node> runs = new ArrayList<>();
        long total = 0;
        for (PayloadReader.Node page : pages) {
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
        Map<String, Integer> otherCommits = new LinkedHashMap<>();
        for (PayloadReader.Node run : runs) {
            String name = checks.text(run.get("name"));
            long id = checks.number(run.get("id"));
            CheckStatus status = status(checks, run);
            String sha = checks.text(run.get("head_sha"));
            if (!sha.equalsIgnoreCase(headSha)) {
                if (!sha.isEmpty()) {
                    otherCommits.merge(sha, 1, Integer::sum);
                }
            } else if (status != null && id >= latest.getOrDefault(name, Long.MIN_VALUE)) {
                latest.put(name, id);
                statuses.put(name, status);
            }
        }
        if (!otherCommits.isEmpty() && !headSha.isEmpty()) {
            checks.warning(where, leftOut(otherCommits, runs.size(), headSha));
        }
        return statuses;
    }

    /**
     * What a warning says of the runs of other commits: {@code 1 of 5 check runs is left out: it ran on 9d8c7b6...,
     * not on the head commit 4be1a2c...}, naming each commit with its count up to {@link #COMMITS_NAMED} commits.
     */
    private static String leftOut(Map<String, Integer> otherCommits, int runs, String headSha) {
        int count = otherCommits.values().stream().mapToInt(Integer::intValue).sum();
        List<String> named = otherCommits.entrySet().stream().limit(COMMITS_NAMED)
                .map(e -> e.getValue() + " on " + e.getKey()).toList();
        int more = otherCommits.size() - named.size();
        String on = otherCommits.size() == 1 ? otherCommits.keySet().iterator().next()
                : "other commits (" + String.join(", ", named) + (more == 0 ? "" : ", and " + more + " more") + ")";
        return count + " of " + runs + " check runs " + (count == 1 ? "is left out: it" : "are left out: they")
                + " ran on " + on + ", not on the head commit " + headSha;
    }

    /** A run's status; null (with a problem recorded) when GitHub's values are not ones this mapping knows. */
    private static CheckStatus status(PayloadReader checks, PayloadReader.Node run) {
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
