package org.deploypolicy.rules;

/**
 * A role the request needs an approval in, as a rule required it ({@link Findings#requireRole}).
 *
 * @param role the role ({@code TECH_LEAD})
 */
public record RequiredRole(String role) {
}
