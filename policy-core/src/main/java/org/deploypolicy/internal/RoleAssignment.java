package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.deploypolicy.Approver;
import org.deploypolicy.rules.Vote;

/**
 * Who fills each required role (docs/policy.md "How approvals are counted", 5): one person fills at most one role;
 * roles are assigned so that as many are filled as possible; among equal assignments, roles in their order
 * take the earliest approver in the list. Roles are few, so a search in that order finds the answer: its
 * first assignment with the most roles filled is the one preferred.
 */
final class RoleAssignment {
    private final List<String> roles;
    private final List<List<Vote>> candidates = new ArrayList<>();
    private String[] best;
    private int bestFilled = -1;

    private RoleAssignment(List<String> roles, List<Vote> votes, Predicate<Vote> counts) {
        this.roles = roles;
        for (String role : roles) {
            List<Vote> approving = new ArrayList<>();
            for (Vote vote : votes) {
                if (vote.isApproved() && vote.getRole().equals(role) && counts.test(vote)) {
                    approving.add(vote);
                }
            }
            candidates.add(approving);
        }
    }

    /**
     * @param roles  the required roles, in order
     * @param votes  the latest votes, in list order
     * @param counts whether an approving vote counts (no rule discounted it)
     */
    static List<Approver> assign(List<String> roles, List<Vote> votes, Predicate<Vote> counts) {
        if (roles.isEmpty()) {
            return List.of();
        }
        RoleAssignment search = new RoleAssignment(roles, votes, counts);
        search.search(0, new String[roles.size()], new HashSet<>(), 0);
        List<Approver> approvers = new ArrayList<>(roles.size());
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            approvers.add(new Approver(role, Optional.ofNullable(search.best[i]), rejectedBy(role, votes)));
        }
        return approvers;
    }

    /** The first person in the role who rejected the change. */
    private static Optional<String> rejectedBy(String role, List<Vote> votes) {
        for (Vote vote : votes) {
            if (vote.isRejected() && vote.isRoleHeld() && vote.getRole().equals(role)) {
                return Optional.of(vote.getBy());
            }
        }
        return Optional.empty();
    }

    private void search(int role, String[] chosen, Set<String> used, int filled) {
        if (filled + (roles.size() - role) <= bestFilled) {
            return;
        }
        if (role == roles.size()) {
            best = chosen.clone();
            bestFilled = filled;
            return;
        }
        for (Vote vote : candidates.get(role)) {
            if (used.add(vote.getBy())) {
                chosen[role] = vote.getBy();
                search(role + 1, chosen, used, filled + 1);
                used.remove(vote.getBy());
                chosen[role] = null;
            }
        }
        search(role + 1, chosen, used, filled);
    }
}
