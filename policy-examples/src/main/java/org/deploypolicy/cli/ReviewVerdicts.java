package org.deploypolicy.cli;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each reviewer's standing verdict, from GitHub's "list reviews for a pull request" array. A reviewer's latest
 * review that approves, requests changes or was dismissed decides (by {@code submitted_at}; one without it is
 * older than any with it, and among equals the later in the array is the later): approved or changes requested
 * stand, dismissed leaves no verdict. Comments and a pending (unsubmitted) review change nothing.
 */
final class ReviewVerdicts {
    private static final Set<String> DECIDING = Set.of("APPROVED", "CHANGES_REQUESTED", "DISMISSED");
    private static final Set<String> NOT_DECIDING = Set.of("COMMENTED", "PENDING");

    /**
     * A reviewer's standing verdict.
     *
     * @param approved true for an approval, false for changes requested
     * @param commit   the commit reviewed ({@code commit_id})
     */
    record Verdict(String login, boolean approved, String commit, Optional<OffsetDateTime> at) {
    }

    private ReviewVerdicts() {
    }

    /** The standing verdicts, in the order the reviewers first decided. */
    static List<Verdict> read(GitHubPayload reviews) {
        Map<String, Review> latest = new LinkedHashMap<>();
        List<JsonNode> list = reviews.array(reviews.root, "$");
        for (int i = 0; i < list.size(); i++) {
            JsonNode review = list.get(i);
            String path = "$[" + i + "]";
            String state = reviews.text(review.path("state"), path + ".state");
            // A deleted account ("ghost", user null) can hold no role: its review decides nothing here.
            if (review.path("user").isNull() || NOT_DECIDING.contains(state)) {
                continue;
            }
            if (!DECIDING.contains(state)) {
                if (!state.isEmpty()) {
                    reviews.problem(path + ".state", "must be one of APPROVED, CHANGES_REQUESTED, COMMENTED, "
                            + "DISMISSED, PENDING; was \"" + state + "\"");
                }
                continue;
            }
            Review read = new Review(reviews.text(review.path("user").path("login"), path + ".user.login"), state,
                    state.equals("DISMISSED") ? "" : reviews.text(review.path("commit_id"), path + ".commit_id"),
                    reviews.time(review.path("submitted_at"), path + ".submitted_at"));
            latest.merge(read.login().toLowerCase(Locale.ROOT), read,
                    (before, now) -> now.isOlderThan(before) ? before : now);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Review review : latest.values()) {
            if (!review.state().equals("DISMISSED")) {
                verdicts.add(new Verdict(review.login(), review.state().equals("APPROVED"), review.commit(),
                        review.at()));
            }
        }
        return verdicts;
    }

    private record Review(String login, String state, String commit, Optional<OffsetDateTime> at) {
        /** Whether this review, read after {@code other}, is still the older one. */
        boolean isOlderThan(Review other) {
            return other.at().isPresent() && (at.isEmpty() || at.get().isBefore(other.at().get()));
        }
    }
}
