package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.deploypolicy.rules.RosterEntry;
import org.deploypolicy.rules.Settings;

/**
 * The role names a policy names, read roughly: the roles of its roster and of {@code waivers.grantedBy}, and each
 * string literal in its rule files (its own and those of the policies it extends) that reads as a role name
 * ({@code "TECH_LEAD"}), but those in comments and those a rule hands to {@code hasLabel} or {@code statusOf} (a
 * label, a check). A literal that is no role ({@code "HOTFIX"} compared with a label some other way) is in the set
 * too, so it may hold more names than the rules use as roles, never fewer.
 */
final class RoleNames {
    private static final Pattern ROLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** The end of a call whose argument is a label or a check name, never a role. */
    private static final Pattern LABEL_OR_CHECK = Pattern.compile("(?:hasLabel|statusOf)\\s*\\(\\s*$");

    private RoleNames() {
    }

    /** The role names of a policy built from these rule files (its own and those it extends) and settings. */
    static Set<String> of(List<PolicyFiles.SourceFile> rules, Settings settings) {
        Set<String> names = new TreeSet<>(settings.waivers().grantedBy());
        for (RosterEntry entry : settings.roster()) {
            names.addAll(entry.roles());
        }
        for (PolicyFiles.SourceFile rule : rules) {
            names.addAll(literals(new String(rule.bytes(), StandardCharsets.UTF_8)));
        }
        return Set.copyOf(names);
    }

    /** The string literals of a rule file that read as role names, outside comments and label or check names. */
    private static Set<String> literals(String drl) {
        Set<String> found = new TreeSet<>();
        StringBuilder code = new StringBuilder(); // the text without its comments, a literal as its quotes alone
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (drl.startsWith("//", i)) {
                i = end(drl, i, "\n");
            } else if (drl.startsWith("/*", i)) {
                i = end(drl, i + 2, "*/");
            } else if (c == '"' || c == '\'') {
                int close = i + 1;
                while (close < drl.length() && drl.charAt(close) != c && drl.charAt(close) != '\n') {
                    close += drl.charAt(close) == '\\' ? 2 : 1;
                }
                String literal = drl.substring(i + 1, Math.min(close, drl.length()));
                if (ROLE.matcher(literal).matches() && !LABEL_OR_CHECK.matcher(tail(code)).find()) {
                    found.add(literal);
                }
                code.append(c).append(c);
                i = close + 1;
            } else {
                code.append(c);
                i++;
            }
        }
        return found;
    }

    /** The last characters of the code read so far: enough to see the call a literal is the argument of. */
    private static CharSequence tail(StringBuilder code) {
        return code.subSequence(Math.max(0, code.length() - 40), code.length());
    }

    /** The index just after the first {@code close} at or after {@code from}; the text's length when there is none. */
    private static int end(String text, int from, String close) {
        int at = text.indexOf(close, from);
        return at < 0 ? text.length() : at + close.length();
    }
}
