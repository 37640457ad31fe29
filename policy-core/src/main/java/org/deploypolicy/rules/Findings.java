package org.deploypolicy.rules;

import java.time.OffsetDateTime;
import java.util.List;

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
 * who fills which approval slot, what a requirement still missing reports) is the engine's, never a rule's.
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
     * The request needs one person holding {@code role} to approve: one approval slot, filled from the votes that
     * count. On a deployment, while it is empty and nobody holding the role rejects, this rule reports REQUIRE with
     * {@code message} (subject null); each person holding the role whose latest verdict rejects gets a BLOCK from
     * this rule, about them. On a rollback the engine reports nothing: the rule that decides the rollback does.
     *
     * <pre>{@code findings.requireApproval("TECH_LEAD", "A Tech Lead's approval is needed.");}</pre>
     *
     * <p>Requirements of one role by several rules merge into one, the largest count standing, and every rule that
     * made one reports on it. A bad argument (a role that is not a role name, a blank message) fails the evaluation,
     * naming the rule, as does a requirement made after the slots were filled (by a rule that matches
     * {@link Approvers}).
     *
     * @param role    the role, a role name ({@code [A-Z][A-Z0-9_]*})
     * @param message what the REQUIRE finding says while the slot is empty
     */
    void requireApproval(String role, String message);

    /**
     * The request needs {@code count} different people holding {@code role} to approve: {@code count} slots, each
     * filled by another person. As {@link #requireApproval}; the REQUIRE finding's message ends with how many of
     * the approvals needed count so far ("1 of 2 approvals count so far.").
     *
     * <pre>{@code findings.requireApprovals(2, "TECH_LEAD", "Two Tech Leads approve a payment-related change.");}</pre>
     *
     * @param count how many people, 1 or more
     */
    void requireApprovals(int count, String role, String message);

    /**
     * The request needs one person holding any of {@code roles} to approve: one slot that an approval in any of them
     * fills. On a deployment, this rule reports REQUIRE while it is empty and nobody holding one of the roles
     * rejects, and BLOCK for each person holding one of them whose latest verdict rejects. In the decision, the slot
     * lists {@code roles} as its {@code anyOf}. A list of one role is {@link #requireApproval}; a role named twice
     * counts once.
     *
     * <pre>{@code findings.requireApprovalOfAny(List.of("TECH_LEAD", "CEO"), "A Tech Lead or the CEO approves.");}</pre>
     *
     * @param roles the roles, at least one, in the order the decision lists them
     */
    void requireApprovalOfAny(List<String> roles, String message);

    /**
     * As {@link #requireApproval(String, String)} with a message of the engine's: "This request needs the approval
     * of a person holding the role ROLE." Kept for rules written before the requirements took a message.
     */
    void requireRole(String role);

    /** The vote does not count toward its role, and an ADVISE finding about its author says why. */
    void discount(Vote vote, String message);

    /** The vote does not count toward its role until something is supplied: a REQUIRE finding about its author. */
    void discountAndRequire(Vote vote, String message);
}
