package org.deploypolicy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.deploypolicy.Approver;
import org.deploypolicy.rules.Vote;

/**
 * Who fills each approval slot (docs/policy.md "How approvals are counted", 5): one person fills at most one slot;
 * as many slots are filled as possible; among equal fillings, the slots in their order each take the earliest
 * approver in the list. A requirement of N people is N slots; a slot of any of several roles takes an approval in
 * any of them.
 *
 * <p>Slots are few and usually filled at the first try: each slot in turn takes the earliest approver no slot
 * before it took. When every slot that has a candidate at all is filled so, no filling is better, and that is the
 * answer. Otherwise (a person who could fill either of two slots took the one another person alone could fill),
 * the most slots that can be filled is a maximum matching of slots to people, and the slots in order each take the
 * earliest candidate that still lets the slots after them reach it.
 */
final class RoleAssignment {
    /** For each slot, the approvals that may fill it: one per person, in list order. */
    private final List<List<Vote>> candidates;
    private final Vote[] chosen;

    private RoleAssignment(List<List<Vote>> candidates) {
        this.candidates = candidates;
        this.chosen = new Vote[candidates.size()];
    }

    /**
     * @param requirements the requirements, in the order their slots are served
     * @param votes        the latest votes, in list order
     * @param counts       whether an approving vote counts (no rule discounted it)
     * @return the slots, each requirement's in turn, with who fills and who rejected each
     */
    static List<Approver> assign(List<ApprovalRequirements.Requirement> requirements, List<Vote> votes,
                                 Predicate<Vote> counts) {
        if (requirements.isEmpty()) {
            return List.of();
        }
        List<List<Vote>> slots = new ArrayList<>(requirements.size() + 1);
        for (ApprovalRequirements.Requirement requirement : requirements) {
            List<Vote> approving = approving(requirement, votes, counts);
            for (int i = 0; i < requirement.count; i++) {
                slots.add(approving);
            }
        }
        RoleAssignment assignment = new RoleAssignment(slots);
        if (!assignment.fillInTurn()) {
            assignment.fillMost();
        }
        List<Approver> approvers = new ArrayList<>(slots.size());
        int slot = 0;
        for (ApprovalRequirements.Requirement requirement : requirements) {
            List<String> rejecting = rejecting(requirement, votes);
            for (int i = 0; i < requirement.count; i++, slot++) {
                Vote vote = assignment.chosen[slot];
                approvers.add(new Approver(vote == null ? requirement.roles.get(0) : vote.getRole(),
                        Optional.ofNullable(vote == null ? null : vote.getBy()),
                        Optional.ofNullable(i < rejecting.size() ? rejecting.get(i) : null),
                        requirement.isAnyOf() ? requirement.roles : List.of()));
            }
        }
        return approvers;
    }

    /** The approvals that count and may fill the requirement's slots: each person's first, in list order. */
    private static List<Vote> approving(ApprovalRequirements.Requirement requirement, List<Vote> votes,
                                        Predicate<Vote> counts) {
        List<Vote> approving = new ArrayList<>(2);
        for (Vote vote : votes) {
            if (vote.isApproved() && requirement.roles.contains(vote.getRole()) && counts.test(vote)
                    && !hasVoteBy(vote.getBy(), approving)) {
                approving.add(vote);
            }
        }
        return approving;
    }

    /** The people holding the role (one of the roles) whose latest verdict rejects, in list order. */
    private static List<String> rejecting(ApprovalRequirements.Requirement requirement, List<Vote> votes) {
        List<String> rejecting = List.of();
        for (Vote vote : votes) {
            if (requirement.rejectedBy(vote) && !rejecting.contains(vote.getBy())) {
                if (rejecting.isEmpty()) {
                    rejecting = new ArrayList<>(2);
                }
                rejecting.add(vote.getBy());
            }
        }
        return rejecting;
    }

    private static boolean hasVoteBy(String person, List<Vote> votes) {
        for (Vote vote : votes) {
            if (vote.getBy().equals(person)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Each slot in turn takes the earliest approver no slot before it took. Returns whether that is the best
     * filling: every slot left empty has no candidate at all.
     */
    private boolean fillInTurn() {
        boolean best = true;
        for (int slot = 0; slot < chosen.length; slot++) {
            for (Vote vote : candidates.get(slot)) {
                if (!takenBefore(slot, vote.getBy())) {
                    chosen[slot] = vote;
                    break;
                }
            }
            best &= chosen[slot] != null || candidates.get(slot).isEmpty();
        }
        return best;
    }

    private boolean takenBefore(int slot, String person) {
        for (int i = 0; i < slot; i++) {
            if (chosen[i] != null && chosen[i].getBy().equals(person)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The filling with the most slots filled, the slots in order each taking the earliest candidate that still lets
     * the slots after them reach that many.
     */
    private void fillMost() {
        Map<String, Integer> people = new HashMap<>();
        int[][] candidateOf = new int[chosen.length][];
        for (int slot = 0; slot < chosen.length; slot++) {
            List<Vote> votes = candidates.get(slot);
            candidateOf[slot] = new int[votes.size()];
            for (int i = 0; i < votes.size(); i++) {
                candidateOf[slot][i] = people.computeIfAbsent(votes.get(i).getBy(), by -> people.size());
            }
        }
        Matching matching = new Matching(candidateOf, people.size());
        int most = matching.size(0);
        int filled = 0;
        for (int slot = 0; slot < chosen.length; slot++) {
            chosen[slot] = null;
            for (int i = 0; i < candidateOf[slot].length && chosen[slot] == null; i++) {
                int person = candidateOf[slot][i];
                if (!matching.taken[person]) {
                    matching.taken[person] = true;
                    if (filled + 1 + matching.size(slot + 1) == most) {
                        chosen[slot] = candidates.get(slot).get(i);
                        filled++;
                    } else {
                        matching.taken[person] = false;
                    }
                }
            }
        }
    }

    /** Maximum matchings of slots to people (augmenting paths), the people taken by earlier slots left out. */
    private static final class Matching {
        private final int[][] candidateOf;
        final boolean[] taken;
        private final int[] slotOf;
        private final boolean[] visited;

        Matching(int[][] candidateOf, int people) {
            this.candidateOf = candidateOf;
            this.taken = new boolean[people];
            this.slotOf = new int[people];
            this.visited = new boolean[people];
        }

        /** The most of the slots from {@code first} on that people not taken can fill. */
        int size(int first) {
            Arrays.fill(slotOf, -1);
            int size = 0;
            for (int slot = first; slot < candidateOf.length; slot++) {
                Arrays.fill(visited, false);
                if (augment(slot)) {
                    size++;
                }
            }
            return size;
        }

        private boolean augment(int slot) {
            for (int person : candidateOf[slot]) {
                if (!taken[person] && !visited[person]) {
                    visited[person] = true;
                    if (slotOf[person] < 0 || augment(slotOf[person])) {
                        slotOf[person] = slot;
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
