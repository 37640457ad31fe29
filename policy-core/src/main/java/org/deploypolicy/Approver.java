package org.deploypolicy;

import java.util.Optional;

/**
 * A role the request needs, and who fills it.
 *
 * @param role        the role ({@code TECH_LEAD}, {@code CEO})
 * @param satisfiedBy the person whose approval fills it
 * @param rejectedBy  the person holding the role whose latest verdict rejects
 */
public record Approver(String role, Optional<String> satisfiedBy, Optional<String> rejectedBy) {
    public Approver {
        satisfiedBy = Copies.optional(satisfiedBy);
        rejectedBy = Copies.optional(rejectedBy);
    }
}
