package org.deploypolicy.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deploypolicy.Approval;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;

/**
 * The latest verdict of each person in each role (POLICY.md "How approvals are counted", 1): verdicts are
 * ordered by {@code at}, one without {@code at} older than any with it, and among equals the later in the list
 * is the later verdict.
 */
final class Votes {
    private Votes() {
    }

    static List<Vote> of(PolicyRequest request, Settings settings) {
        Map<String, Integer> latest = new LinkedHashMap<>();
        List<Approval> approvals = request.approvals();
        for (int i = 0; i < approvals.size(); i++) {
            Approval approval = approvals.get(i);
            latest.merge(approval.by() + '\u0000' + approval.role(), i,
                    (kept, next) -> isLater(approvals.get(next), approvals.get(kept)) ? next : kept);
        }
        String head = request instanceof DeploymentRequest d ? d.change().headCommit() : null;
        String author = request instanceof DeploymentRequest d ? d.change().author() : null;
        List<Vote> votes = new ArrayList<>();
        for (int index : latest.values().stream().sorted().toList()) {
            Approval approval = approvals.get(index);
            boolean stale = head != null && approval.commit().map(c -> !Vote.sameCommit(c, head)).orElse(false);
            boolean self = approval.by().equals(request.requester().id()) || approval.by().equals(author);
            boolean held = settings.holds(approval.by(), approval.role(), List.of(approval.role()));
            votes.add(new Vote(approval, index, stale, self, held));
        }
        return votes;
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
