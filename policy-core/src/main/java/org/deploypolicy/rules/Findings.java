package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Obligation;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What rules report, one per evaluation: the global {@code findings} of every rule file. A rule passes its own
 * context ({@code drools}) so the finding carries the rule's {@code @id}:
 *
 * <pre>{@code findings.block(drools, "Saturday 10:00 EAT: only emergencies (P1) may deploy on weekends");}</pre>
 *
 * Not thread-safe; the engine makes one per evaluation.
 */
public final class Findings {
    private final List<Finding> findings = new ArrayList<>();
    private final List<Obligation> obligations = new ArrayList<>();

    /** Something present forbids the request. */
    public void block(RuleContext rule, String message) {
        add(rule, Effect.BLOCK, null, message);
    }

    /** Something present forbids the request; {@code subject} names what (a check, a person, a freeze). */
    public void block(RuleContext rule, String subject, String message) {
        add(rule, Effect.BLOCK, subject, message);
    }

    /** Something is still missing. */
    public void require(RuleContext rule, String message) {
        add(rule, Effect.REQUIRE, null, message);
    }

    /** Something is still missing; {@code subject} names what. */
    public void require(RuleContext rule, String subject, String message) {
        add(rule, Effect.REQUIRE, subject, message);
    }

    /** Worth knowing; never changes the outcome. */
    public void advise(RuleContext rule, String message) {
        add(rule, Effect.ADVISE, null, message);
    }

    /** Worth knowing; {@code subject} names what. */
    public void advise(RuleContext rule, String subject, String message) {
        add(rule, Effect.ADVISE, subject, message);
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

    /** The obligations set so far, in the order set. */
    public List<Obligation> obligations() {
        return Collections.unmodifiableList(obligations);
    }
}
