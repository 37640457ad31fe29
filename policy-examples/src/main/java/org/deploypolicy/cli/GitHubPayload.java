package org.deploypolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One JSON file saved from GitHub's REST API. Read leniently (GitHub adds fields over time), but each field this
 * command needs is checked, and every problem is collected as a {@code FILE: $.path: message} line so that all of
 * them are reported together. A getter whose field is at fault records the problem and returns a harmless value.
 */
final class GitHubPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode root;
    private final Path file;
    private final List<String> problems;

    private GitHubPayload(Path file, JsonNode root, List<String> problems) {
        this.file = file;
        this.root = root;
        this.problems = problems;
    }

    /**
     * Reads a file. One that is missing, empty or not JSON adds that problem and reads as nothing, without a
     * problem for each field then missing.
     */
    static GitHubPayload read(Path file, List<String> problems) {
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null || root.isMissingNode()) {
                problems.add(file + ": cannot read: the file is empty");
                return new GitHubPayload(file, MissingNode.getInstance(), new ArrayList<>());
            }
            return new GitHubPayload(file, root, problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(file + ": cannot read: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        return new GitHubPayload(file, MissingNode.getInstance(), new ArrayList<>());
    }

    /** Records a problem with the field at {@code path}. */
    void problem(String path, String message) {
        problems.add(file + ": " + path + ": " + message);
    }

    /** A required string field; empty when it is at fault. */
    String text(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            problem(path, "missing");
        } else if (!node.isTextual()) {
            problem(path, "must be a string; was " + node);
        }
        return node.asText("");
    }

    /** An optional string field. */
    Optional<String> optionalText(JsonNode node, String path) {
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(text(node, path));
    }

    /** A required whole number; 0 when it is at fault. */
    long number(JsonNode node, String path) {
        if (!node.canConvertToExactIntegral()) {
            problem(path, node.isMissingNode() || node.isNull() ? "missing" : "must be a whole number; was " + node);
            return 0;
        }
        return node.asLong();
    }

    /** An optional ISO-8601 time such as GitHub writes ({@code 2026-11-24T06:40:00Z}). */
    Optional<OffsetDateTime> time(JsonNode node, String path) {
        Optional<String> text = optionalText(node, path);
        try {
            return text.filter(t -> !t.isEmpty()).map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            problem(path, "must be an ISO-8601 time with an offset; was \"" + text.get() + "\"");
            return Optional.empty();
        }
    }

    /** The elements of a required array; none when it is at fault. */
    List<JsonNode> array(JsonNode node, String path) {
        if (!node.isArray()) {
            problem(path, node.isMissingNode() || node.isNull() ? "missing"
                    : "must be an array; was " + node.getNodeType());
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        node.forEach(elements::add);
        return elements;
    }
}
