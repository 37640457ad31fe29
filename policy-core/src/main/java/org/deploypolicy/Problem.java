package org.deploypolicy;

/** One thing wrong with a request, a policy, an evaluation or the machine, and where. */
public sealed interface Problem permits RequestProblem, PolicyProblem, EvaluationProblem, IoProblem {
    /** What was wrong, and what was expected. */
    String message();

    /**
     * Where it was wrong, as printed before the message ({@code $.change.severity}, {@code windows.drl:3:7},
     * {@code /var/log/decisions.jsonl}).
     */
    String location();

    /** {@code location: message}, the line a person reads. */
    default String describe() {
        return location() + ": " + message();
    }
}
