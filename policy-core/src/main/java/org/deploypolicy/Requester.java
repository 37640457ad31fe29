package org.deploypolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /** A requester for the request builders, rejecting {@code null}s at once with the setting's name. */
    static Requester checked(String id, String... roles) {
        Objects.requireNonNull(id, "requester.id must not be null");
        Objects.requireNonNull(roles, "requester.roles must not be null");
        List<String> copy = new ArrayList<>(roles.length);
        for (int i = 0; i < roles.length; i++) {
            copy.add(Objects.requireNonNull(roles[i], "requester.roles[" + i + "] must not be null"));
        }
        return new Requester(id, copy);
    }
}
