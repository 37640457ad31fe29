package org.deploypolicy.github;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deploypolicy.Checklist;
import org.deploypolicy.PolicyJson;

/**
 * What a pull request's description records, in the small format of README "From GitHub": the workflow's approval
 * checklist as Markdown task items ({@code - [x] Security scan completed}) and verbal approvals, one line each
 * ({@code Verbal approval: @selam (TECH_LEAD) by phone at 2026-11-28T23:02:00+03:00}). Only what GitHub shows
 * counts: HTML comments and fenced code blocks (where a PR template keeps its examples) are skipped.
 *
 * @param checklist       the items found: ticked is true (for "No critical vulnerabilities": 0), not ticked is
 *                        false (for "No critical vulnerabilities": unknown), not listed is unknown
 * @param verbalApprovals the verbal approval lines, in order
 */
record PullRequestDescription(Checklist checklist, List<VerbalApproval> verbalApprovals) {
    private static final String VERBAL_FORM = "Verbal approval: @LOGIN (ROLE) by MEANS at TIME [on COMMIT]";
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|\\z)", Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*");
    private static final Pattern TASK = Pattern.compile("^\\s*[-*+]\\s+\\[([ xX])]\\s+(.*?)\\s*$");
    private static final Pattern VERBAL = Pattern.compile("^\\s*(?:[-*+]\\s+)?((?i:verbal approval):.*?)\\s*$");
    private static final Pattern VERBAL_FIELDS = Pattern.compile("(?i:verbal approval):\\s*@([A-Za-z0-9-]+)"
            + "\\s+\\(([A-Z][A-Z0-9_]*)\\)\\s+by\\s+.+?\\s+at\\s+(\\S+?)(?:\\s+on\\s+([0-9a-fA-F]{7,40}))?\\s*\\.?");

    /**
     * A verbal approval recorded in the description.
     *
     * @param line   the line of the description it is on, from 1
     * @param commit the commit approved, when the line names one
     * @param text   the line as written, without its list bullet
     */
    record VerbalApproval(int line, String login, String role, OffsetDateTime at, Optional<String> commit,
                          String text) {
    }

    /** The workflow's checklist items this reads, each by the words its line starts with (in any case). */
    private enum Item {
        SECURITY_SCAN("security scan completed"),
        NO_CRITICAL_VULNERABILITIES("no critical vulnerabilities"),
        STAGING("staging tested successfully", "staging verified"),
        MIGRATIONS("database migrations reviewed"),
        ROLLBACK_PLAN("rollback plan documented");

        private final List<String> words;

        Item(String... words) {
            this.words = List.of(words);
        }

        static Optional<Item> of(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (Item item : values()) {
                for (String start : item.words) {
                    if (lower.startsWith(start) && (lower.length() == start.length()
                            || !Character.isLetterOrDigit(lower.charAt(start.length())))) {
                        return Optional.of(item);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Reads a description; a malformed verbal approval line or an item listed twice is a problem of the body, at
     * {@code path} in its file ({@code $.body}).
     */
    static PullRequestDescription read(String body, String path, PayloadReader pull) {
        Matcher comments = COMMENT.matcher(body);
        String shown = comments.replaceAll(m -> "\n".repeat(m.group().split("\\R", -1).length - 1));
        String[] lines = shown.split("\\R", -1);
        Map<Item, Boolean> ticked = new EnumMap<>(Item.class);
        Map<Item, Integer> seenOn = new EnumMap<>(Item.class);
        List<VerbalApproval> verbal = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            if (FENCE.matcher(lines[i]).matches()) {
                fenced = !fenced;
            }
            if (fenced) {
                continue;
            }
            Matcher task = TASK.matcher(lines[i]);
            Matcher verbalLine = VERBAL.matcher(lines[i]);
            if (verbalLine.matches()) {
                verbal(verbalLine.group(1), path + " line " + line, line, pull).ifPresent(verbal::add);
            } else if (task.matches()) {
                Item.of(task.group(2)).ifPresent(item -> {
                    Integer before = seenOn.putIfAbsent(item, line);
                    if (before != null) {
                        pull.problem(path + " line " + line, "the checklist item \"" + task.group(2)
                                + "\" is already on line " + before);
                    }
                    ticked.put(item, !task.group(1).isBlank());
                });
            }
        }
        Checklist checklist = new Checklist(
                Optional.ofNullable(ticked.get(Item.SECURITY_SCAN)),
                Boolean.TRUE.equals(ticked.get(Item.NO_CRITICAL_VULNERABILITIES))
                        ? OptionalInt.of(0) : OptionalInt.empty(),
                Optional.ofNullable(ticked.get(Item.STAGING)),
                Optional.ofNullable(ticked.get(Item.MIGRATIONS)),
                Optional.ofNullable(ticked.get(Item.ROLLBACK_PLAN)));
        return new PullRequestDescription(checklist, verbal);
    }

    private static Optional<VerbalApproval> verbal(String text, String where, int line, PayloadReader pull) {
        Matcher fields = VERBAL_FIELDS.matcher(text);
        if (!fields.matches()) {
            pull.problem(where, "a verbal approval reads \"" + VERBAL_FORM + "\"; was \"" + text + "\"");
            return Optional.empty();
        }
        OffsetDateTime at;
        try {
            at = PolicyJson.readTime(fields.group(3));
        } catch (IllegalArgumentException e) {
            pull.problem(where, "the time of a verbal approval " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new VerbalApproval(line, fields.group(1), fields.group(2), at,
                Optional.ofNullable(fields.group(4)), text));
    }
}
