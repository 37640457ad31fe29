package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.deploypolicy.Approval;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;

/**
 * The latest verdict of each person in each role (docs/policy.md "How approvals are counted", 1): verdicts are
 * ordered by {@code at}, one without {@code at} older than any with it, and among equals the later in the list
 * is the later verdict.
 */
final class Votes {
    private Votes() {
    }

    static List<Vote> of(PolicyRequest request, Settings settings) {
        List<Approval> approvals = request.approvals();
        String head = request instanceof DeploymentRequest d ? d.change().headCommit() : null;
        String author = request instanceof DeploymentRequest d ? d.change().author() : null;
        List<Vote> votes = new ArrayList<>(approvals.size());
        for (int index = 0; index < approvals.size(); index++) {
            if (isSuperseded(approvals, index)) {
                continue;
            }
            Approval approval = approvals.get(index);
            boolean stale = head != null && approval.commit().map(c -> !Vote.sameCommit(c, head)).orElse(false);
            boolean self = approval.by().equals(request.requester().id()) || approval.by().equals(author);
            boolean held = settings.holds(approval.by(), approval.role(), List.of(approval.role()));
            boolean documented = approval.reference().filter(reference -> !JsonText.isBlank(reference)).isPresent();
            votes.add(new Vote(approval, index, stale, self, held, documented));
        }
        return votes;
    }

    /**
     * Whether another verdict of the same person in the same role is the latest: the one kept is found as a merge
     * in list order would keep it, each verdict replacing the kept one when it is later. Quadratic in the
     * approvals, which are few (and at most {@value RequestValidator#MAX_ITEMS}), and it allocates nothing.
     */
    private static boolean isSuperseded(List<Approval> approvals, int index) {
        Approval approval = approvals.get(index);
        int kept = -1;
        for (int i = 0; i < approvals.size(); i++) {
            Approval other = approvals.get(i);
            if (other.by().equals(approval.by()) && other.role().equals(approval.role())
                    && (kept < 0 || isLater(other, approvals.get(kept)))) {
                kept = i;
            }
        }
        return kept != index;
    }

    /** Whether {@code next}, later in the list, is a later verdict than {@code kept}. */
    private static boolean isLater(Approval next, Approval kept) {
        OffsetDateTime nextAt = next.at().orElse(null);
        OffsetDateTime keptAt = kept.at().orElse(null);
        if (keptAt == null) {
            return true;
        }
        return nextAt != null && !nextAt.toInstant().isBefore(keptAt.toInstant());
    }
}
