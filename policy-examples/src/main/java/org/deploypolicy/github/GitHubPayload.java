package org.deploypolicy.github;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.RequestProblem;

/**
 * One answer of GitHub's REST API, or one webhook's body, as {@link GitHubRequest} takes it: a file saved with
 * {@code gh api} ({@link #read(Path)}) or bytes already in memory ({@link #of(String, byte[])}). It holds one JSON
 * value, or several pages of one answer, either one after the other ({@code gh api --paginate}) or as the elements
 * of one array ({@code gh api --paginate --slurp}). The text is strict UTF-8 (a byte-order mark skipped) and
 * duplicate keys are an error; which fields it must have is {@link GitHubRequest}'s to check.
 *
 * <p>Reading never fails: a payload that cannot be read (missing, empty, not UTF-8, not JSON) holds no value and
 * says why, and {@link GitHubRequest} reports that as its one problem. Its name begins every message about it.
 * Immutable and thread-safe.
 */
public final class GitHubPayload {
    private final String name;
    private final List<JsonNode> values;
    private final Optional<String> problem;

    private GitHubPayload(String name, List<JsonNode> values, Optional<String> problem) {
        this.name = name;
        this.values = List.copyOf(values);
        this.problem = problem;
    }

    /** Reads a file, named in messages by its path as given. */
    public static GitHubPayload read(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        try {
            return of(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            return unreadable(file.toString(), "cannot read: " + IoFailedException.reason(e));
        }
    }

    /**
     * Reads JSON already in memory, such as the body of a webhook.
     *
     * @param name what messages about it begin with, as a file's path does
     */
    public static GitHubPayload of(String name, byte[] json) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(json, "json must not be null");
        try {
            List<JsonNode> values = PolicyJson.readValues(json, JsonNode.class);
            if (values.isEmpty()) {
                return unreadable(name, json.length == 0 ? "$: the file is empty"
                        : "$: the file holds no JSON value, only white space");
            }
            return new GitHubPayload(name, values, Optional.empty());
        } catch (InvalidRequestException e) {
            RequestProblem unreadable = e.problems().get(0);
            return unreadable(name, unreadable.path() + ": " + unreadable.message());
        }
    }

    private static GitHubPayload unreadable(String name, String problem) {
        return new GitHubPayload(name, List.of(), Optional.of(problem));
    }

    /** What messages about this payload begin with: the file's path, or the name it was given. */
    public String name() {
        return name;
    }

    /** The JSON values it holds one after the other; none when it could not be read. */
    List<JsonNode> values() {
        return values;
    }

    /** Why it could not be read, without its name: {@code $: the file is empty}, {@code cannot read: no such file}. */
    Optional<String> problem() {
        return problem;
    }
}
