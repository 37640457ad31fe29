package org.deploypolicy;

import java.util.List;

/**
 * Who asks.
 *
 * @param id    the person's id
 * @param roles the roles they claim ({@code DEVELOPER}, {@code TECH_LEAD}, {@code CEO}, {@code ON_CALL} or a
 *              team's own); ignored when the policy has a roster
 */
public record Requester(String id, List<String> roles) {
    public Requester {
        roles = Copies.list(roles);
    }
}
