package org.deploypolicy;

import java.util.List;
import java.util.Optional;

/**
 * An approval slot the request needs, and who fills it. A rule's requirement makes one slot per person it asks
 * for: two for two Tech Leads.
 *
 * @param role        the role the slot is filled as ({@code TECH_LEAD}, {@code CEO}); for a slot that any of
 *                    several roles may fill, the role of the approval that fills it, or the first of {@code anyOf}
 *                    while it is empty
 * @param satisfiedBy the person whose approval fills it
 * @param rejectedBy  a person holding the slot's role (one of its roles) whose latest verdict rejects; the slots of
 *                    one requirement name such people in the order of the request's approvals, one each
 * @param anyOf       the roles any of which may fill the slot, in the order the rule names them; empty for a slot
 *                    of one role
 */
public record Approver(String role, Optional<String> satisfiedBy, Optional<String> rejectedBy, List<String> anyOf) {
    public Approver {
        satisfiedBy = Copies.optional(satisfiedBy);
        rejectedBy = Copies.optional(rejectedBy);
        anyOf = Copies.list(anyOf);
    }

    /** A slot of one role. */
    public Approver(String role, Optional<String> satisfiedBy, Optional<String> rejectedBy) {
        this(role, satisfiedBy, rejectedBy, List.of());
    }
}
