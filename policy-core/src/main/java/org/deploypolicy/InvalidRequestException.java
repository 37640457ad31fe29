package org.deploypolicy;

import java.util.List;

/** The request is not one the contract allows; every problem names its field. */
public final class InvalidRequestException extends PolicyException {
    private final List<RequestProblem> problems;

    public InvalidRequestException(List<RequestProblem> problems) {
        super(problems, null);
        this.problems = List.copyOf(problems);
    }

    @Override
    public String code() {
        return "INVALID_REQUEST";
    }

    @Override
    public List<RequestProblem> problems() {
        return problems;
    }
}
