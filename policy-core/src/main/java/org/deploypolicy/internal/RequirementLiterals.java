package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.deploypolicy.PolicyProblem;

/**
 * An approval requirement whose literal arguments cannot work, found when the policy is built rather than when the
 * rule first fires: a role that is not a role name ({@code findings.requireApproval("Tech Lead", ...)}), a count
 * below 1 ({@code requireApprovals(0, ...)}), an any-of list without a role. Arguments that are not literals are
 * checked when the rule fires (the evaluation then fails naming the rule).
 */
final class RequirementLiterals {
    private static final Set<String> STATEMENTS = Set.of("requireApproval", "requireApprovals",
            "requireApprovalOfAny", "requireRole");

    private RequirementLiterals() {
    }

    /** The problems of every requirement in the files whose literal arguments cannot work. */
    static List<PolicyProblem> check(List<RuleText.Source> sources) {
        return RuleText.check(sources, RequirementLiterals::in);
    }

    private static List<PolicyProblem> in(String file, List<RuleText.Token> tokens) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (!tokens.get(i).isIdentifier("findings") || !tokens.get(i + 1).is(".")
                    || !STATEMENTS.contains(tokens.get(i + 2).text()) || !tokens.get(i + 3).is("(")) {
                continue;
            }
            String statement = tokens.get(i + 2).text();
            int first = i + 4;
            if (statement.equals("requireApprovals") && first + 1 < tokens.size()) {
                boolean negative = tokens.get(first).is("-");
                RuleText.Token number = tokens.get(negative ? first + 1 : first);
                if (number.kind() == RuleText.Kind.NUMBER) {
                    int count = negative ? -parse(number.text()) : parse(number.text());
                    if (count < 1) {
                        problems.add(RuleText.problem(file, tokens.get(first),
                                "findings.requireApprovals asks for " + count
                                + " approvals; ask for 1 or more"));
                    }
                    first += negative ? 3 : 2;
                }
            }
            if (statement.equals("requireApprovalOfAny")) {
                anyOf(file, tokens, first, problems);
            } else if (first < tokens.size() && tokens.get(first).kind() == RuleText.Kind.STRING) {
                role(file, tokens.get(first), "findings." + statement, problems);
            }
        }
        return problems;
    }

    /** {@code List.of("A", "B")} as the first argument: each role checked, and at least one. */
    private static void anyOf(String file, List<RuleText.Token> tokens, int first, List<PolicyProblem> problems) {
        if (first + 3 >= tokens.size() || !tokens.get(first).isIdentifier("List") || !tokens.get(first + 1).is(".")
                || !tokens.get(first + 2).isIdentifier("of") || !tokens.get(first + 3).is("(")) {
            return;
        }
        int roles = 0;
        int i = first + 4;
        for (; i < tokens.size() && !tokens.get(i).is(")"); i++) {
            if (tokens.get(i).kind() == RuleText.Kind.STRING) {
                roles++;
                role(file, tokens.get(i), "findings.requireApprovalOfAny", problems);
            } else if (!tokens.get(i).is(",")) {
                return;
            }
        }
        if (roles == 0) {
            problems.add(RuleText.problem(file, tokens.get(first),
                    "findings.requireApprovalOfAny names no role; name the "
                    + "roles any of which may approve, like List.of(\"TECH_LEAD\", \"CEO\")"));
        }
    }

    private static void role(String file, RuleText.Token role, String statement, List<PolicyProblem> problems) {
        if (!RequestValidator.isRoleName(role.text())) {
            problems.add(RuleText.problem(file, role,
                    statement + ": \"" + role.text() + "\" is not a role name; a role is "
                    + "capital letters, digits and _, starting with a letter, like TECH_LEAD"));
        }
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

}
