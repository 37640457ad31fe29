package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deploypolicy.Effect;

/** Where a rule is declared in its file, and what its text says it reports. */
final class RuleSources {
    private static final Pattern REPORTS = Pattern.compile(
            "findings\\s*\\.\\s*(block|require|advise|discountAndRequire|discount)\\s*\\(");

    /**
     * A rule's declaration.
     *
     * @param line   its line, from 1
     * @param column the column of {@code rule}, from 0 (as the rule compiler counts)
     * @param text   the rule's text, from {@code rule} to its {@code end}
     */
    record Declaration(int line, int column, String text) {
        /** The effects the rule's consequence can report. */
        Set<Effect> effects() {
            Set<Effect> effects = EnumSet.noneOf(Effect.class);
            Matcher call = REPORTS.matcher(text);
            while (call.find()) {
                effects.add(switch (call.group(1)) {
                    case "block" -> Effect.BLOCK;
                    case "require", "discountAndRequire" -> Effect.REQUIRE;
                    default -> Effect.ADVISE;
                });
            }
            return effects;
        }
    }

    private RuleSources() {
    }

    static Optional<Declaration> find(List<PolicyFiles.SourceFile> sources, String file, String name) {
        Pattern declaration = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+\"?" + Pattern.quote(name) + "\"?");
        for (PolicyFiles.SourceFile source : sources) {
            if (source.path().equals(file)) {
                String text = new String(source.bytes(), StandardCharsets.UTF_8);
                Matcher matcher = declaration.matcher(text);
                if (matcher.find()) {
                    int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
                    Matcher end = Pattern.compile("(?m)^[ \\t]*end\\b").matcher(text);
                    int stop = end.find(matcher.end()) ? end.end() : text.length();
                    return Optional.of(new Declaration(line, matcher.group().indexOf("rule"),
                            text.substring(matcher.start(), stop)));
                }
            }
        }
        return Optional.empty();
    }
}
