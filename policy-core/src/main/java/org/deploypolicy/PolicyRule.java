package org.deploypolicy;

/**
 * A rule of a policy.
 *
 * @param id   the rule's id from its {@code @id} metadata ({@code window.friday})
 * @param name the rule's name in its file, unique in the policy
 * @param file the rule file it comes from, relative to its policy directory
 */
public record PolicyRule(String id, String name, String file) {
}
