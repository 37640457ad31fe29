package org.deploypolicy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a request could not be decided. Its message lists every problem, one per line; callers branch on the
 * subclass or {@link #code()}, never on the message.
 */
public abstract sealed class PolicyException extends RuntimeException
        permits InvalidRequestException, InvalidPolicyException, EvaluationFailedException, IoFailedException {

    PolicyException(List<? extends Problem> problems, Throwable cause) {
        super(problems.stream().map(Problem::describe).collect(Collectors.joining("\n")), cause);
    }

    /**
     * The error code of the wire contract: {@code INVALID_REQUEST}, {@code INVALID_POLICY},
     * {@code EVALUATION_FAILED} or {@code IO_FAILED}.
     */
    public abstract String code();

    /** Every problem found, in order. Never empty. */
    public abstract List<? extends Problem> problems();
}
