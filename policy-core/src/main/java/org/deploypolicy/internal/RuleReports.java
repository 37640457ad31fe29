package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * report carries its rule's {@code @id} without the rule passing anything; the required roles and the discounted
 * votes are read here by the engine between its two rounds of firing, and never by a rule.
 *
 * <p>Not thread-safe; one per evaluation, on the thread that fires the rules.
 */
final class RuleReports implements Findings {
    // Made when first needed: most evaluations (and every time the next-allowed search tries) use few of them.
    private final List<Finding> findings = new ArrayList<>();
    private List<Obligation> obligations = List.of();
    private List<Integer> obligationOrder = List.of();
    private Map<String, Integer> requiredRoles = Map.of();
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
    public void requireRole(String role) {
        Rule rule = firing();
        if (!requiredRoles.containsKey(role)) {
            if (requiredRoles.isEmpty()) {
                requiredRoles = new HashMap<>();
            }
            requiredRoles.put(role, rule.getLoadOrder());
            if (insertedRoles.isEmpty()) {
                insertedRoles = new ArrayList<>(2);
            }
            insertedRoles.add(session.insert(new RequiredRole(role)));
        }
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

    /** The facts {@link #requireRole} inserted, for the engine to delete after the call. */
    List<FactHandle> insertedRoles() {
        return insertedRoles;
    }

    /** The roles required, in the order of the rules that required them. */
    List<String> requiredRoles() {
        if (requiredRoles.size() < 2) {
            return List.copyOf(requiredRoles.keySet());
        }
        List<String> roles = new ArrayList<>(requiredRoles.keySet());
        roles.sort(Comparator.comparing(requiredRoles::get));
        return roles;
    }

    /** Whether a rule discounted the vote. */
    boolean isDiscounted(Vote vote) {
        return discounted.contains(vote);
    }

    /** The roles have been assigned: from now on a discount is an error. */
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
