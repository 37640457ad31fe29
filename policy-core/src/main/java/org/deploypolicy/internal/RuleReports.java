package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.deploypolicy.Approver;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Obligation;
import org.deploypolicy.rules.Findings;
import org.deploypolicy.rules.RequiredRole;
import org.deploypolicy.rules.Vote;
import org.drools.core.common.ActivationsManager;
import org.drools.core.common.ReteEvaluator;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.Match;

/**
 * What the rules of one evaluation report, and the engine's own state around it: the rules see only the
 * {@link Findings} vocabulary; which rule is firing comes from Drools (the session's agenda, {@link #bind}), so a
 * report carries its rule's {@code @id} without the rule passing anything; the approvals required and the discounted
 * votes are read here by the engine between its two rounds of firing, and never by a rule.
 *
 * <p>Not thread-safe; one per evaluation, on the thread that fires the rules.
 */
final class RuleReports implements Findings {
    // Made when first needed: most evaluations (and every time the next-allowed search tries) use few of them.
    private final List<Finding> findings = new ArrayList<>();
    private List<Obligation> obligations = List.of();
    private List<Integer> obligationOrder = List.of();
    private ApprovalRequirements requirements;
    private Set<Vote> discounted = Set.of();
    private List<FactHandle> insertedRoles = List.of();
    private boolean assigned;
    private ActivationsManager activations;
    private KieSession session;

    /**
     * Binds this to the session whose rules it serves: which rule is firing is asked of the session's agenda (its
     * knowledge helper holds the match whose consequence runs), which costs nothing per match, where an agenda
     * listener is told of every match made and cancelled.
     */
    void bind(KieSession session) {
        this.session = session;
        this.activations = ((ReteEvaluator) session).getActivationsManager();
    }

    @Override
    public void block(String message) {
        add(Effect.BLOCK, null, message);
    }

    @Override
    public void block(String subject, String message) {
        add(Effect.BLOCK, subject, message);
    }

    @Override
    public void require(String message) {
        add(Effect.REQUIRE, null, message);
    }

    @Override
    public void require(String subject, String message) {
        add(Effect.REQUIRE, subject, message);
    }

    @Override
    public void advise(String message) {
        add(Effect.ADVISE, null, message);
    }

    @Override
    public void advise(String subject, String message) {
        add(Effect.ADVISE, subject, message);
    }

    @Override
    public void obligation(String action, String detail, OffsetDateTime due) {
        Rule rule = firing();
        if (obligations.isEmpty()) {
            obligations = new ArrayList<>(4);
            obligationOrder = new ArrayList<>(4);
        }
        obligations.add(new Obligation(idOf(rule), action, Optional.ofNullable(detail), Optional.ofNullable(due)));
        obligationOrder.add(rule.getLoadOrder());
    }

    @Override
    public void requireApproval(String role, String message) {
        require(List.of(checkedRole("requireApproval", role)), 1, checkedMessage("requireApproval", message));
    }

    @Override
    public void requireApprovals(int count, String role, String message) {
        if (count < 1) {
            throw new IllegalArgumentException("requireApprovals: the count of people must be 1 or more; was " + count);
        }
        require(List.of(checkedRole("requireApprovals", role)), count, checkedMessage("requireApprovals", message));
    }

    @Override
    public void requireApprovalOfAny(List<String> roles, String message) {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("requireApprovalOfAny: name at least one role, like "
                    + "List.of(\"TECH_LEAD\", \"CEO\")");
        }
        List<String> distinct = new ArrayList<>(roles.size());
        for (String role : roles) {
            if (!distinct.contains(checkedRole("requireApprovalOfAny", role))) {
                distinct.add(role);
            }
        }
        require(List.copyOf(distinct), 1, checkedMessage("requireApprovalOfAny", message));
    }

    @Override
    public void requireRole(String role) {
        requireApproval(role, "This request needs the approval of a person holding the role " + role + ".");
    }

    private static String checkedRole(String statement, String role) {
        if (role == null || !RequestValidator.isRoleName(role)) {
            throw new IllegalArgumentException(statement + ": " + (role == null ? "null" : "\"" + role + "\"")
                    + " is not a role name; a role is an upper-case letter, then upper-case letters, digits and "
                    + "underscores, like TECH_LEAD");
        }
        return role;
    }

    private static String checkedMessage(String statement, String message) {
        if (message == null || JsonText.isBlank(message)) {
            throw new IllegalArgumentException(statement + ": the message is blank; say what approval is needed");
        }
        return message;
    }

    /** Records a requirement, and makes a {@link RequiredRole} fact for each role no requirement named before. */
    private void require(List<String> roles, int count, String message) {
        Rule rule = firing();
        String id = idOf(rule);
        if (assigned) {
            throw new IllegalStateException("rule \"" + rule.getName() + "\" requires an approval after the slots "
                    + "were filled; a requirement must not depend on Approvers");
        }
        if (requirements == null) {
            requirements = new ApprovalRequirements();
        }
        for (String role : roles) {
            if (!requirements.names(role)) {
                if (insertedRoles.isEmpty()) {
                    insertedRoles = new ArrayList<>(2);
                }
                insertedRoles.add(session.insert(new RequiredRole(role)));
            }
        }
        requirements.add(rule, id, roles, count, message);
    }

    @Override
    public void discount(Vote vote, String message) {
        withhold(vote, Effect.ADVISE, message);
    }

    @Override
    public void discountAndRequire(Vote vote, String message) {
        withhold(vote, Effect.REQUIRE, message);
    }

    private void withhold(Vote vote, Effect effect, String message) {
        Rule rule = firing();
        if (assigned) {
            throw new IllegalStateException("rule \"" + rule.getName()
                    + "\" discounts a vote after the roles were assigned; discounts must not depend on Approvers");
        }
        if (discounted.isEmpty()) {
            discounted = new HashSet<>();
        }
        discounted.add(vote);
        findings.add(new Finding(idOf(rule), effect, Optional.of(vote.getBy()), message, Optional.empty()));
    }

    private void add(Effect effect, String subject, String message) {
        findings.add(new Finding(idOf(firing()), effect, Optional.ofNullable(subject), message, Optional.empty()));
    }

    private Rule firing() {
        Match match = activations == null ? null : activations.getKnowledgeHelper().getMatch();
        if (match == null) {
            throw new IllegalStateException("findings is used outside a rule's consequence (in a condition?); "
                    + "rules report only in their consequence, after then");
        }
        return match.getRule();
    }

    private static String idOf(Rule rule) {
        Object id = rule.getMetaData().get("id");
        if (!(id instanceof String text) || text.isBlank()) {
            throw new IllegalStateException("rule \"" + rule.getName() + "\" reports a finding but has no @id");
        }
        return text;
    }

    /** The {@link RequiredRole} facts the requirements inserted, for the engine to delete after the call. */
    List<FactHandle> insertedRoles() {
        return insertedRoles;
    }

    /**
     * The approvals required, in the order their slots are served (see {@link ApprovalRequirements#inOrder}).
     *
     * @param position where a rule stands in the policy's files: smaller is earlier
     */
    List<ApprovalRequirements.Requirement> requirements(ToLongFunction<Rule> position) {
        return requirements == null ? List.of() : requirements.inOrder(position);
    }

    /**
     * What the requiring rules report on a deployment once the slots are filled ({@link ApprovalRequirements#report}).
     */
    void reportOn(List<ApprovalRequirements.Requirement> requirements, List<Approver> slots, List<Vote> votes) {
        ApprovalRequirements.report(requirements, slots, votes, findings);
    }

    /** Whether a rule discounted the vote. */
    boolean isDiscounted(Vote vote) {
        return discounted.contains(vote);
    }

    /** The slots have been filled: from now on a discount or a requirement is an error. */
    void closeDiscounts() {
        assigned = true;
    }

    /** The findings reported, in the order reported. */
    List<Finding> findings() {
        return findings;
    }

    /** The obligations set, in the order of the rules that set them (their order in the rule files). */
    List<Obligation> obligations() {
        if (obligations.size() < 2) {
            return obligations;
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < obligations.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing(obligationOrder::get));
        return positions.stream().map(obligations::get).toList();
    }
}
