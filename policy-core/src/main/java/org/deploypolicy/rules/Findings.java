package org.deploypolicy.rules;

import java.time.OffsetDateTime;

/**
 * What a rule reports: the global {@code findings} of every rule file, used in a rule's consequence. The engine
 * knows which rule is firing, so a finding carries that rule's {@code @id} without the rule saying it:
 *
 * <pre>{@code
 * global org.deploypolicy.rules.Findings findings;
 *
 * rule "window.weekend"
 *     @id("window.weekend")
 *     @window
 * when
 *     $d : Deployment( production, !emergency, settings.windows.emergencyOnlyDays contains day )
 * then
 *     findings.block($d.when() + ": only emergencies may deploy on weekends.");
 * end
 * }</pre>
 *
 * <p>Each evaluation has its own; calling it anywhere but in a rule's consequence (in a condition, say) fails the
 * evaluation. How the reports become a decision (the strongest finding per rule and subject, waivers, the outcome,
 * who fills which role) is the engine's, never a rule's.
 */
public interface Findings {
    /** Something present forbids the request: the outcome is REJECTED until it is gone. */
    void block(String message);

    /** As {@link #block(String)}, about one subject (a person, a check, a freeze): one finding per subject. */
    void block(String subject, String message);

    /** Something is missing: the outcome is PENDING until it is supplied. */
    void require(String message);

    /** As {@link #require(String)}, about one subject. */
    void require(String subject, String message);

    /** Worth knowing; does not change the outcome. */
    void advise(String message);

    /** As {@link #advise(String)}, about one subject. */
    void advise(String subject, String message);

    /**
     * What must happen after the deploy if it is approved (kept only on an approved production deployment).
     *
     * @param action a short imperative sentence
     * @param detail the specifics, or null
     * @param due    when it is due, or null
     */
    void obligation(String action, String detail, OffsetDateTime due);

    /**
     * The request needs an approval in {@code role}. Roles are filled in the order of the rules that require them,
     * from the votes no rule discounted; rules that need to know who filled them match {@link Approvers}.
     */
    void requireRole(String role);

    /** The vote does not count toward its role, and an ADVISE finding about its author says why. */
    void discount(Vote vote, String message);

    /** The vote does not count toward its role until something is supplied: a REQUIRE finding about its author. */
    void discountAndRequire(Vote vote, String message);
}
