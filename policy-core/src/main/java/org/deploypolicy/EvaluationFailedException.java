package org.deploypolicy;

import java.util.List;

/** Deciding failed inside the policy (a rule threw, or no rule decided a rollback). The call fails closed. */
public final class EvaluationFailedException extends PolicyException {
    private final List<EvaluationProblem> problems;

    public EvaluationFailedException(EvaluationProblem problem, Throwable cause) {
        super(List.of(problem), cause);
        this.problems = List.of(problem);
    }

    @Override
    public String code() {
        return "EVALUATION_FAILED";
    }

    @Override
    public List<EvaluationProblem> problems() {
        return problems;
    }
}
