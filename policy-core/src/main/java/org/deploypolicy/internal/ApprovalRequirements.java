package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

import org.deploypolicy.Approver;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.Vote;
import org.kie.api.definition.rule.Rule;

/**
 * The approvals one evaluation's rules require ({@code findings.requireApproval} and its kin), merged: the
 * statements of one role make one requirement, the largest count standing; those of the same several roles (any of
 * them) make one too. Each statement's rule reports on the requirement it joined ({@link #report}). In the order
 * {@link #inOrder} gives, the requirements' slots are what {@link RoleAssignment} fills and the decision lists.
 *
 * <p>Not thread-safe; one per evaluation, made by {@link RuleReports} when a rule first requires an approval.
 */
final class ApprovalRequirements {
    static final String TECH_LEAD = "TECH_LEAD";

    /** A rule's statement of a requirement: the rule, its id, what its REQUIRE finding says. */
    record Statement(Rule rule, String id, String message) {
    }

    /** One or more slots of a role, or one slot of any of several roles, and the statements that asked for them. */
    static final class Requirement {
        /** One role, or the roles any of which fills the slot (two or more, in the order the first rule named them). */
        final List<String> roles;
        /** How many different people: the largest count stated. */
        int count;
        final List<Statement> statements = new ArrayList<>(1);
        /** The order the requirements were first stated in. */
        private final int sequence;

        private Requirement(List<String> roles, int count, int sequence) {
            this.roles = roles;
            this.count = count;
            this.sequence = sequence;
        }

        boolean isAnyOf() {
            return roles.size() > 1;
        }

        private boolean isTechLead() {
            return roles.size() == 1 && roles.get(0).equals(TECH_LEAD);
        }

        /** Whether a vote is a rejection by a person holding the role (one of the roles). */
        boolean rejectedBy(Vote vote) {
            return vote.isRejected() && vote.isRoleHeld() && roles.contains(vote.getRole());
        }

        /** The rule of every statement when they share one, else null. */
        private Rule soleRule() {
            Rule rule = statements.get(0).rule();
            for (int i = 1; i < statements.size(); i++) {
                if (statements.get(i).rule() != rule) {
                    return null;
                }
            }
            return rule;
        }

        /** Where the earliest of its rules stands in the policy's files. */
        private long standing(ToLongFunction<Rule> position) {
            long earliest = Long.MAX_VALUE;
            for (Statement statement : statements) {
                earliest = Math.min(earliest, position.applyAsLong(statement.rule()));
            }
            return earliest;
        }
    }

    private final List<Requirement> requirements = new ArrayList<>(2);

    /** Whether a requirement names the role already. */
    boolean names(String role) {
        for (Requirement requirement : requirements) {
            if (requirement.roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A rule's statement: {@code count} people holding the role, or one holding any of {@code roles}. Joins the
     * requirement of the same roles when there is one.
     *
     * @param roles checked role names, without repeats
     */
    void add(Rule rule, String id, List<String> roles, int count, String message) {
        Requirement joined = null;
        for (Requirement requirement : requirements) {
            if (requirement.roles.equals(roles)) {
                joined = requirement;
                joined.count = Math.max(joined.count, count);
                break;
            }
        }
        if (joined == null) {
            joined = new Requirement(roles, count, requirements.size());
            requirements.add(joined);
        }
        Statement statement = new Statement(rule, id, message);
        if (!joined.statements.contains(statement)) {
            joined.statements.add(statement);
        }
    }

    /**
     * The requirements in the order their slots are served and listed: Tech Lead first, then in the order their
     * rules stand in the policy's files (the earliest rule of a merged one), those of one rule in the order stated.
     * Where the rules stand is asked only to order requirements of different rules.
     *
     * @param position where a rule stands: smaller is earlier
     */
    List<Requirement> inOrder(ToLongFunction<Rule> position) {
        if (requirements.size() < 2) {
            return requirements;
        }
        List<Requirement> ordered = new ArrayList<>(requirements);
        ordered.sort((a, b) -> {
            if (a.isTechLead() != b.isTechLead()) {
                return a.isTechLead() ? -1 : 1;
            }
            Rule rule = a.soleRule();
            if (rule == null || rule != b.soleRule()) {
                int byStanding = Long.compare(a.standing(position), b.standing(position));
                if (byStanding != 0) {
                    return byStanding;
                }
            }
            return Integer.compare(a.sequence, b.sequence);
        });
        return ordered;
    }

    /**
     * What each requiring rule reports on a deployment, into {@code findings}: BLOCK for each person holding a
     * required role whose latest verdict rejects (subject: the person); else, while a slot is empty, REQUIRE with
     * the rule's message (for more than one slot, how many of them are filled).
     *
     * @param ordered the requirements as {@link #inOrder} gave them
     * @param slots   their slots, filled, in the same order
     * @param votes   the latest votes
     */
    static void report(List<Requirement> ordered, List<Approver> slots, List<Vote> votes, List<Finding> findings) {
        int first = 0;
        for (Requirement requirement : ordered) {
            int filled = 0;
            for (int i = first; i < first + requirement.count; i++) {
                filled += slots.get(i).satisfiedBy().isPresent() ? 1 : 0;
            }
            first += requirement.count;
            boolean rejected = false;
            for (Vote vote : votes) {
                if (requirement.rejectedBy(vote)) {
                    rejected = true;
                    String message = Approvers.roleWords(vote.getRole()) + " " + vote.getBy()
                            + " rejected this change; only their own later approval lifts the rejection.";
                    for (Statement statement : requirement.statements) {
                        findings.add(finding(statement, Effect.BLOCK, vote.getBy(), message));
                    }
                }
            }
            if (!rejected && filled < requirement.count) {
                for (Statement statement : requirement.statements) {
                    findings.add(finding(statement, Effect.REQUIRE, null, requirement.count == 1 ? statement.message()
                            : statement.message() + " " + filled + " of " + requirement.count
                            + " approvals count so far."));
                }
            }
        }
    }

    private static Finding finding(Statement statement, Effect effect, String subject, String message) {
        return new Finding(statement.id(), effect, Optional.ofNullable(subject), message, Optional.empty());
    }
}
