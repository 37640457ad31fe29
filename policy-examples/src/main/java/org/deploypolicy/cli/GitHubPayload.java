package org.deploypolicy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.RequestProblem;

/**
 * One file saved from GitHub's REST API with {@code gh api}: one JSON value, or several pages of one answer, either
 * one after the other ({@code gh api --paginate}) or as the elements of one array ({@code gh api --paginate
 * --slurp}). The text is strict UTF-8 (a byte-order mark skipped) and duplicate keys are an error; otherwise a file
 * is read leniently (GitHub adds fields over time), but each field this command needs is checked. Every problem is
 * collected as a {@code FILE: $.path: message} line so that all of them are reported together; a getter whose field
 * is at fault records the problem and returns a harmless value. What the command leaves out is collected the same
 * way, as {@code FILE: $.path: warning: message} lines.
 *
 * <p>Paths are those of the file: {@code $[3].commit_id} in a file of one page; in a file of several pages, the
 * page comes first, counted from 0, whether the pages are one after the other or in one array
 * ({@code $[1][3].commit_id} is the fourth review of the second page).
 */
final class GitHubPayload {
    /** A value in the file and its path there. */
    record Node(JsonNode json, String path) {
        /** A field of this object: missing when there is none (or this is not an object). */
        Node get(String field) {
            return new Node(json.path(field), path + "." + field);
        }

        /** Whether the value is absent or null, which mean the same. */
        boolean isAbsent() {
            return json.isMissingNode() || json.isNull();
        }
    }

    private final Path file;
    private final List<JsonNode> values;
    private final List<String> problems;
    private final List<String> warnings;

    private GitHubPayload(Path file, List<JsonNode> values, List<String> problems, List<String> warnings) {
        this.file = file;
        this.values = values;
        this.problems = problems;
        this.warnings = warnings;
    }

    /**
     * Reads a file. One that is missing, empty, not UTF-8 or not JSON adds that problem and reads as nothing,
     * without a problem for each field then missing.
     */
    static GitHubPayload read(Path file, List<String> problems, List<String> warnings) {
        List<JsonNode> values = List.of();
        String problem;
        try {
            byte[] bytes = Files.readAllBytes(file);
            values = PolicyJson.readValues(bytes, JsonNode.class);
            problem = !values.isEmpty() ? null
                    : bytes.length == 0 ? "$: the file is empty" : "$: the file holds no JSON value, only white space";
        } catch (InvalidRequestException e) {
            RequestProblem unreadable = e.problems().get(0);
            problem = unreadable.path() + ": " + unreadable.message();
        } catch (IOException e) {
            problem = "cannot read: " + IoFailedException.reason(e);
        }
        if (problem != null) {
            problems.add(file + ": " + problem);
            return new GitHubPayload(file, List.of(), new ArrayList<>(), new ArrayList<>());
        }
        return new GitHubPayload(file, values, problems, warnings);
    }

    /**
     * The pages of the file, in order: each value when it holds several, the elements of its one value when
     * {@code slurped} says that value is an array of pages, else its one value. A file that could not be read has
     * none.
     */
    List<Node> pages(Predicate<JsonNode> slurped) {
        List<Node> pages = new ArrayList<>();
        if (values.size() == 1 && slurped.test(values.get(0))) {
            values.get(0).forEach(page -> pages.add(new Node(page, "$[" + pages.size() + "]")));
        } else if (values.size() == 1) {
            pages.add(new Node(values.get(0), "$"));
        } else {
            values.forEach(page -> pages.add(new Node(page, "$[" + pages.size() + "]")));
        }
        return pages;
    }

    /** How many JSON values the file holds one after the other. */
    int valueCount() {
        return values.size();
    }

    /** Records a problem with the field at {@code path}. */
    void problem(String path, String message) {
        problems.add(file + ": " + path + ": " + message);
    }

    /** Records something the request leaves out, or that is likely not what the user meant. */
    void warning(String path, String message) {
        warnings.add(file + ": " + path + ": warning: " + message);
    }

    /** A required string; empty when it is at fault. */
    String text(Node node) {
        if (node.isAbsent()) {
            problem(node.path(), "missing");
        } else if (!node.json().isTextual()) {
            problem(node.path(), "must be a string; was " + node.json());
        } else {
            return checked(node);
        }
        return "";
    }

    /** An optional string. */
    Optional<String> optionalText(Node node) {
        return node.isAbsent() ? Optional.empty() : Optional.of(text(node));
    }

    /** A string that escapes an unpaired surrogate ({@code "\ud800"}) holds no text: it is a problem at its path. */
    private String checked(Node node) {
        String text = node.json().textValue();
        OptionalInt unpaired = text.codePoints().filter(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)
                .findFirst();
        if (unpaired.isPresent()) {
            problem(node.path(), "holds an unpaired surrogate (\\u%04x), which is not text".formatted(unpaired.getAsInt()));
            return "";
        }
        return text;
    }

    /** An optional boolean: false when absent. */
    boolean flag(Node node) {
        if (!node.isAbsent() && !node.json().isBoolean()) {
            problem(node.path(), "must be true or false; was " + node.json());
        }
        return node.json().asBoolean(false);
    }

    /** A required whole number; 0 when it is at fault. */
    long number(Node node) {
        if (!node.json().canConvertToExactIntegral()) {
            problem(node.path(), node.isAbsent() ? "missing" : "must be a whole number; was " + node.json());
            return 0;
        }
        return node.json().asLong();
    }

    /** An optional time such as GitHub writes ({@code 2026-11-24T06:40:00Z}), in the syntax of RFC 3339. */
    Optional<OffsetDateTime> time(Node node) {
        Optional<String> text = optionalText(node).filter(t -> !t.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PolicyJson.readTime(text.get()));
        } catch (IllegalArgumentException e) {
            problem(node.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The elements of a required array, each with its path; none when it is at fault. */
    List<Node> array(Node node) {
        if (!node.json().isArray()) {
            problem(node.path(), node.isAbsent() ? "missing" : "must be an array; was " + node.json().getNodeType());
            return List.of();
        }
        List<Node> elements = new ArrayList<>();
        node.json().forEach(element -> elements.add(new Node(element, node.path() + "[" + elements.size() + "]")));
        return elements;
    }
}
