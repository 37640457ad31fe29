package org.deploypolicy;

import java.util.Comparator;
import java.util.OptionalInt;

/**
 * A problem with a policy: a rule file that does not compile, or a setting that cannot work.
 *
 * @param file    the file, relative to its policy directory ({@code windows.drl}, {@code policy.yaml})
 * @param line    the line, as the rule compiler or settings reader reports it, when known
 * @param column  the column, when known
 * @param message what was wrong (for a setting, naming the key)
 */
public record PolicyProblem(String file, OptionalInt line, OptionalInt column, String message) implements Problem {
    /** By file, then line, then column, unknown positions first. */
    public static final Comparator<PolicyProblem> ORDER = Comparator.comparing(PolicyProblem::file)
            .thenComparingInt(p -> p.line().orElse(0))
            .thenComparingInt(p -> p.column().orElse(0));

    public PolicyProblem {
        line = line == null ? OptionalInt.empty() : line;
        column = column == null ? OptionalInt.empty() : column;
    }

    /** {@code file:line:column}, leaving out what is unknown. */
    @Override
    public String location() {
        StringBuilder location = new StringBuilder(file);
        line.ifPresent(l -> location.append(':').append(l));
        if (line.isPresent()) {
            column.ifPresent(c -> location.append(':').append(c));
        }
        return location.toString();
    }
}
