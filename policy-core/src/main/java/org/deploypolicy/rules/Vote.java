package org.deploypolicy.rules;

import org.deploypolicy.Approval;
import org.deploypolicy.Channel;
import org.deploypolicy.Verdict;

/**
 * A person's latest verdict in one role: the fact approval rules match. Earlier verdicts of the same person
 * in the same role are history and never become votes. What disqualifies an approval is worked out here
 * (stale, self, a role the roster does not give); whether that stops it counting is the rules' call
 * ({@link Findings#discount}), so a team that disables {@code approval.stale} counts stale approvals.
 */
public final class Vote {
    private final Approval approval;
    private final int index;
    private final boolean stale;
    private final boolean self;
    private final boolean roleHeld;
    private final boolean documented;

    /**
     * @param approval the approval
     * @param index    its position in the request's approvals
     * @param stale    it names another commit than the head
     * @param self     it comes from the requester or the change's author
     * @param roleHeld   its author holds the role it is given in (with a roster: the roster says so)
     * @param documented it names a record that documents it: a {@code reference} that is not blank (white space,
     *                   control and format characters alone document nothing)
     */
    public Vote(Approval approval, int index, boolean stale, boolean self, boolean roleHeld, boolean documented) {
        this.approval = approval;
        this.index = index;
        this.stale = stale;
        this.self = self;
        this.roleHeld = roleHeld;
        this.documented = documented;
    }

    /**
     * Whether two commit ids name the same commit: equal ignoring case, or one a prefix of the other with the
     * shorter at least 7 characters long (a short SHA).
     */
    public static boolean sameCommit(String one, String other) {
        String a = one.toLowerCase(java.util.Locale.ROOT);
        String b = other.toLowerCase(java.util.Locale.ROOT);
        if (a.equals(b)) {
            return true;
        }
        String shorter = a.length() < b.length() ? a : b;
        String longer = a.length() < b.length() ? b : a;
        return shorter.length() >= 7 && longer.startsWith(shorter);
    }

    public Approval getApproval() {
        return approval;
    }

    /** Its position in the request's approvals; earlier approvers are preferred when roles are assigned. */
    public int getIndex() {
        return index;
    }

    public String getBy() {
        return approval.by();
    }

    public String getRole() {
        return approval.role();
    }

    public boolean isApproved() {
        return approval.verdict() == Verdict.APPROVED;
    }

    public boolean isRejected() {
        return approval.verdict() == Verdict.REJECTED;
    }

    public boolean isVerbal() {
        return approval.channel() == Channel.VERBAL;
    }

    /** It names the record that documents it ({@code reference}). */
    public boolean isDocumented() {
        return documented;
    }

    public boolean isStale() {
        return stale;
    }

    public boolean isSelf() {
        return self;
    }

    public boolean isRoleHeld() {
        return roleHeld;
    }

    /** The commit it names, or null. */
    public String getCommit() {
        return approval.commit().orElse(null);
    }
}
