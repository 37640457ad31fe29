package org.deploypolicy.rules;

/**
 * A role the request needs an approval in: one fact for each role some rule's requirement names
 * ({@link Findings#requireApproval} and its kin; each of the roles of a slot any of several may fill). Rules that
 * discount votes pair a vote with it ({@code RequiredRole( role == $v.role )}), so they apply to every role required.
 *
 * @param role the role ({@code TECH_LEAD})
 */
public record RequiredRole(String role) {
}
