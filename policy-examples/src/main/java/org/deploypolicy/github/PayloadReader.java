package org.deploypolicy.github;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.PolicyJson;

/**
 * Reads the fields of one {@link GitHubPayload} that a request is built from. A payload is read leniently (GitHub
 * adds fields over time), but each field read is checked. Every problem is collected as a {@code NAME: $.path:
 * message} line so that all of them are reported together; a getter whose field is at fault records the problem and
 * returns a harmless value. What the request leaves out is collected the same way, as {@code NAME: $.path: warning:
 * message} lines.
 *
 * <p>Paths are those of the payload: {@code $[3].commit_id} in a payload of one page; in one of several pages, the
 * page comes first, counted from 0, whether the pages are one after the other or in one array
 * ({@code $[1][3].commit_id} is the fourth review of the second page).
 */
final class PayloadReader {
    /** A value in the payload and its path there. */
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

    private final String name;
    private final List<JsonNode> values;
    private final List<String> problems;
    private final List<String> warnings;

    /**
     * A reader that records into {@code problems} and {@code warnings}. A payload that could not be read records
     * that problem and reads as nothing, without a problem for each field then missing.
     */
    PayloadReader(GitHubPayload payload, List<String> problems, List<String> warnings) {
        this.name = payload.name();
        this.values = payload.values();
        if (payload.problem().isPresent()) {
            problems.add(name + ": " + payload.problem().get());
            this.problems = new ArrayList<>();
            this.warnings = new ArrayList<>();
        } else {
            this.problems = problems;
            this.warnings = warnings;
        }
    }

    /**
     * The pages of the payload, in order: each value when it holds several, the elements of its one value when
     * {@code slurped} says that value is an array of pages, else its one value. A payload that could not be read
     * has none.
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

    /** How many JSON values the payload holds one after the other. */
    int valueCount() {
        return values.size();
    }

    /** Records a problem with the field at {@code path}. */
    void problem(String path, String message) {
        problems.add(name + ": " + path + ": " + message);
    }

    /** Records something the request leaves out, or that is likely not what the user meant. */
    void warning(String path, String message) {
        warnings.add(name + ": " + path + ": warning: " + message);
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
