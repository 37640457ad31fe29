package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
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
import org.drools.model.Drools;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What rules report, one per evaluation: the global {@code findings} of every rule file. A rule passes its own
 * context ({@code drools}) so the finding carries the rule's {@code @id}:
 *
 * <pre>{@code findings.block(drools, "Saturday 10:00 EAT: only emergencies (P1) may deploy on weekends");}</pre>
 *
 * <p>Each method comes twice: {@code drools} is a {@link RuleContext} when a rule file is compiled as DRL, and a
 * {@link Drools} when it is compiled to the executable model (rules shipped compiled, or cached), so the same rule
 * text compiles both ways. The two do the same.
 *
 * Not thread-safe; the engine makes one per evaluation.
 */
public final class Findings {
    private final List<Finding> findings = new ArrayList<>();
    private final List<Obligation> obligations = new ArrayList<>();
    private final List<Integer> obligationOrder = new ArrayList<>();
    private final Map<String, Integer> requiredRoles = new HashMap<>();
    private final Set<Vote> discounted = new HashSet<>();
    private boolean assigned;

    /** Something present forbids the request. */
    public void block(RuleContext rule, String message) {
        add(rule, Effect.BLOCK, null, message);
    }

    /** As {@link #block(RuleContext, String)}, for a rule compiled to the executable model. */
    public void block(Drools rule, String message) {
        block(context(rule), message);
    }

    /** Something present forbids the request; {@code subject} names what (a check, a person, a freeze). */
    public void block(RuleContext rule, String subject, String message) {
        add(rule, Effect.BLOCK, subject, message);
    }

    /** As {@link #block(RuleContext, String, String)}, for a rule compiled to the executable model. */
    public void block(Drools rule, String subject, String message) {
        block(context(rule), subject, message);
    }

    /** Something is still missing. */
    public void require(RuleContext rule, String message) {
        add(rule, Effect.REQUIRE, null, message);
    }

    /** As {@link #require(RuleContext, String)}, for a rule compiled to the executable model. */
    public void require(Drools rule, String message) {
        require(context(rule), message);
    }

    /** Something is still missing; {@code subject} names what. */
    public void require(RuleContext rule, String subject, String message) {
        add(rule, Effect.REQUIRE, subject, message);
    }

    /** As {@link #require(RuleContext, String, String)}, for a rule compiled to the executable model. */
    public void require(Drools rule, String subject, String message) {
        require(context(rule), subject, message);
    }

    /** Worth knowing; never changes the outcome. */
    public void advise(RuleContext rule, String message) {
        add(rule, Effect.ADVISE, null, message);
    }

    /** As {@link #advise(RuleContext, String)}, for a rule compiled to the executable model. */
    public void advise(Drools rule, String message) {
        advise(context(rule), message);
    }

    /** Worth knowing; {@code subject} names what. */
    public void advise(RuleContext rule, String subject, String message) {
        add(rule, Effect.ADVISE, subject, message);
    }

    /** As {@link #advise(RuleContext, String, String)}, for a rule compiled to the executable model. */
    public void advise(Drools rule, String subject, String message) {
        advise(context(rule), subject, message);
    }

    /**
     * What must happen after the deploy if it is approved.
     *
     * @param action a short imperative sentence
     * @param detail the specifics, or null
     * @param due    when it is due, or null
     */
    public void obligation(RuleContext rule, String action, String detail, OffsetDateTime due) {
        obligations.add(new Obligation(idOf(rule), action, Optional.ofNullable(detail), Optional.ofNullable(due)));
        obligationOrder.add(rule.getRule().getLoadOrder());
    }

    /** As {@link #obligation(RuleContext, String, String, OffsetDateTime)}, for a rule compiled to the executable model. */
    public void obligation(Drools rule, String action, String detail, OffsetDateTime due) {
        obligation(context(rule), action, detail, due);
    }

    /**
     * The request needs an approval in {@code role}. Roles are filled in the order of the rules that require
     * them; rules that need to know who filled them match {@link Approvers}.
     */
    public void requireRole(RuleContext rule, String role) {
        if (!requiredRoles.containsKey(role)) {
            requiredRoles.put(role, rule.getRule().getLoadOrder());
            rule.getKieRuntime().insert(new RequiredRole(role));
        }
    }

    /** As {@link #requireRole(RuleContext, String)}, for a rule compiled to the executable model. */
    public void requireRole(Drools rule, String role) {
        requireRole(context(rule), role);
    }

    /** The vote does not count toward its role, and an ADVISE finding about its author says why. */
    public void discount(RuleContext rule, Vote vote, String message) {
        withhold(rule, vote, Effect.ADVISE, message);
    }

    /** As {@link #discount(RuleContext, Vote, String)}, for a rule compiled to the executable model. */
    public void discount(Drools rule, Vote vote, String message) {
        discount(context(rule), vote, message);
    }

    /** The vote does not count toward its role until something is supplied: a REQUIRE finding about its author. */
    public void discountAndRequire(RuleContext rule, Vote vote, String message) {
        withhold(rule, vote, Effect.REQUIRE, message);
    }

    /** As {@link #discountAndRequire(RuleContext, Vote, String)}, for a rule compiled to the executable model. */
    public void discountAndRequire(Drools rule, Vote vote, String message) {
        discountAndRequire(context(rule), vote, message);
    }

    private void withhold(RuleContext rule, Vote vote, Effect effect, String message) {
        if (assigned) {
            throw new IllegalStateException("rule \"" + rule.getRule().getName()
                    + "\" discounts a vote after the roles were assigned; discounts must not depend on Approvers");
        }
        discounted.add(vote);
        add(rule, effect, vote.getBy(), message);
    }

    /** The roles required so far, in the order of the rules that required them. */
    public List<String> requiredRoles() {
        return requiredRoles.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /** Whether a rule discounted the vote. */
    public boolean isDiscounted(Vote vote) {
        return discounted.contains(vote);
    }

    /** The roles have been assigned; from now on a discount is an error. */
    public void closeDiscounts() {
        assigned = true;
    }

    /** The executable model's {@code drools} is a rule context too; only its declared type differs. */
    private static RuleContext context(Drools drools) {
        if (drools instanceof RuleContext context) {
            return context;
        }
        throw new IllegalArgumentException("not a rule's context: " + drools);
    }

    private void add(RuleContext rule, Effect effect, String subject, String message) {
        findings.add(new Finding(idOf(rule), effect, Optional.ofNullable(subject), message, Optional.empty()));
    }

    private static String idOf(RuleContext context) {
        Object id = context.getRule().getMetaData().get("id");
        if (!(id instanceof String text) || text.isBlank()) {
            throw new IllegalStateException("rule \"" + context.getRule().getName()
                    + "\" reports a finding but has no @id");
        }
        return text;
    }

    /** The findings reported so far, in the order reported. */
    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    /** The obligations set so far, in the order of the rules that set them (their order in the rule files). */
    public List<Obligation> obligations() {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < obligations.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing(obligationOrder::get));
        return positions.stream().map(obligations::get).toList();
    }
}
