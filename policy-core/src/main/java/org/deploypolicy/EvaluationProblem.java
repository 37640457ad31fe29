package org.deploypolicy;

import java.util.Optional;

/**
 * A failure while deciding.
 *
 * @param rule    the id of the rule that failed, where the engine can tell
 * @param message what went wrong
 */
public record EvaluationProblem(Optional<String> rule, String message) implements Problem {
    public EvaluationProblem {
        rule = Copies.optional(rule);
    }

    @Override
    public String location() {
        return rule.map(r -> "rule " + r).orElse("policy");
    }
}
