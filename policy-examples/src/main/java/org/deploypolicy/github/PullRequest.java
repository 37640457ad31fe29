package org.deploypolicy.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of GitHub's pull request object ("get a pull request") that a request is built from.
 *
 * @param path where the pull request is in its payload: {@code $}, or {@code $.pull_request} in the event of a
 *             GitHub Actions run or a webhook
 * @param body the description, empty when the pull request has none
 */
record PullRequest(String path, long number, String title, Optional<String> body, String author, String headRef,
                   String headSha, String baseRef, List<String> labels) {

    /**
     * Reads the pull request of a payload: the one value it holds (or the one page of {@code gh api --slurp}), or the
     * {@code pull_request} of an event (a GitHub Actions run's {@code $GITHUB_EVENT_PATH}, a webhook's body). A draft, and a pull request
     * closed without being merged, get a warning: the request is built all the same.
     */
    static PullRequest read(PayloadReader file) {
        Optional<PayloadReader.Node> found = pullRequest(file);
        if (found.isEmpty()) {
            return new PullRequest("$", 0, "", Optional.empty(), "", "", "", "", List.of());
        }
        PayloadReader.Node pr = found.get();
        List<PayloadReader.Node> labelNodes = file.array(pr.get("labels"));
        List<String> labels = new ArrayList<>();
        for (PayloadReader.Node label : labelNodes) {
            labels.add(file.text(label.get("name")));
        }
        PullRequest read = new PullRequest(
                pr.path(),
                file.number(pr.get("number")),
                file.text(pr.get("title")),
                file.optionalText(pr.get("body")),
                file.text(pr.get("user").get("login")),
                file.text(pr.get("head").get("ref")),
                file.text(pr.get("head").get("sha")),
                file.text(pr.get("base").get("ref")),
                labels);
        if (file.flag(pr.get("draft"))) {
            file.warning(pr.get("draft").path(), "pull request #" + read.number() + " is a draft, not yet ready "
                    + "for review");
        }
        // A merged pull request being deployed is the usual case; one closed without merging is not.
        boolean merged = file.flag(pr.get("merged")) || !pr.get("merged_at").isAbsent();
        if (file.optionalText(pr.get("state")).filter("closed"::equals).isPresent() && !merged) {
            file.warning(pr.get("state").path(), "pull request #" + read.number() + " is closed without being "
                    + "merged");
        }
        return read;
    }

    /**
     * Where the pull request is in the payload; none, with a problem, when it holds several values or no pull
     * request (and without one when it could not be read, which is reported already).
     */
    private static Optional<PayloadReader.Node> pullRequest(PayloadReader file) {
        List<PayloadReader.Node> pages = file.pages(JsonNode::isArray);
        if (file.valueCount() == 0) {
            return Optional.empty();
        }
        if (pages.size() != 1) {
            file.problem("$", (file.valueCount() > 1 ? "holds " + pages.size() + " JSON values one after the other"
                    : "holds an array of " + pages.size() + " values")
                    + "; a pull request file holds one pull request");
            return Optional.empty();
        }
        PayloadReader.Node page = pages.get(0);
        if (!page.json().isObject()) {
            file.problem(page.path(), "must be a pull request object; was " + page.json().getNodeType());
            return Optional.empty();
        }
        if (page.get("head").isAbsent()) {
            if (page.get("pull_request").json().isObject()) {
                return Optional.of(page.get("pull_request"));
            }
            file.problem(page.path(), "not a pull request (it has no \"head\"): save one with gh api "
                    + "repos/OWNER/REPO/pulls/NUMBER, or give the event file of a pull_request or pull_request_review "
                    + "run ($GITHUB_EVENT_PATH)");
            return Optional.empty();
        }
        return Optional.of(page);
    }
}
