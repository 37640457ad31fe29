package org.deploypolicy;

import java.util.Set;

/**
 * A rule of a policy.
 *
 * @param id      the rule's id from its {@code @id} metadata ({@code window.friday})
 * @param name    the rule's name in its file, unique in the policy
 * @param file    the rule file it comes from, relative to its policy directory
 * @param effects what its consequence can report, as its text says (none for a rule that only sets an
 *                obligation; REQUIRE and BLOCK for one that requires an approval, which it reports on)
 */
public record PolicyRule(String id, String name, String file, Set<Effect> effects) {
    public PolicyRule {
        effects = effects == null ? Set.of() : Set.copyOf(effects);
    }
}
