package org.deploypolicy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of GitHub's pull request object ("get a pull request") that a request is built from.
 *
 * @param body the description, empty when the pull request has none
 */
record PullRequest(long number, String title, Optional<String> body, String author, String headRef, String headSha,
                   String baseRef, List<String> labels) {

    static PullRequest read(GitHubPayload pull) {
        JsonNode pr = pull.root;
        List<JsonNode> labelNodes = pull.array(pr.path("labels"), "$.labels");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < labelNodes.size(); i++) {
            labels.add(pull.text(labelNodes.get(i).path("name"), "$.labels[" + i + "].name"));
        }
        return new PullRequest(
                pull.number(pr.path("number"), "$.number"),
                pull.text(pr.path("title"), "$.title"),
                pull.optionalText(pr.path("body"), "$.body"),
                pull.text(pr.path("user").path("login"), "$.user.login"),
                pull.text(pr.path("head").path("ref"), "$.head.ref"),
                pull.text(pr.path("head").path("sha"), "$.head.sha"),
                pull.text(pr.path("base").path("ref"), "$.base.ref"),
                labels);
    }
}
