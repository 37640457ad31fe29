package org.deploypolicy;

import java.util.List;

/** The policy could not be built: a rule file that does not compile, or settings that cannot work. */
public final class InvalidPolicyException extends PolicyException {
    private final List<PolicyProblem> problems;

    public InvalidPolicyException(List<PolicyProblem> problems) {
        super(problems, null);
        this.problems = problems.stream().sorted(PolicyProblem.ORDER).toList();
    }

    @Override
    public String code() {
        return "INVALID_POLICY";
    }

    @Override
    public List<PolicyProblem> problems() {
        return problems;
    }
}
