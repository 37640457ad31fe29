package org.deploypolicy.github;

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
 * Each reviewer's standing verdict, from GitHub's "list reviews for a pull request" array, or from its pages merged
 * in order (GitHub returns 30 reviews a page, oldest first). A reviewer's latest review that approves, requests
 * changes or was dismissed decides (by {@code submitted_at}; one without it is older than any with it, and among
 * equals the later in the file is the later): approved or changes requested stand, dismissed leaves no verdict.
 * Comments and a pending (unsubmitted) review change nothing.
 */
final class ReviewVerdicts {
    private static final Set<String> DECIDING = Set.of("APPROVED", "CHANGES_REQUESTED", "DISMISSED");
    private static final Set<String> NOT_DECIDING = Set.of("COMMENTED", "PENDING");

    /**
     * A reviewer's standing verdict.
     *
     * @param approved true for an approval, false for changes requested
     * @param commit   the commit reviewed ({@code commit_id}); empty when GitHub no longer knows it, which it
     *                 writes as {@code null} once the commit was force-pushed away
     */
    record Verdict(String login, boolean approved, Optional<String> commit, Optional<OffsetDateTime> at) {
        /** Whether this verdict is on the given commit; one on a commit GitHub no longer knows is on no commit. */
        boolean isOn(String sha) {
            return commit.filter(c -> c.equalsIgnoreCase(sha)).isPresent();
        }
    }

    private ReviewVerdicts() {
    }

    /** The standing verdicts, in the order the reviewers first decided. */
    static List<Verdict> read(PayloadReader reviews) {
        Map<String, Review> latest = new LinkedHashMap<>();
        for (PayloadReader.Node review : reviews(reviews)) {
            String state = reviews.text(review.get("state"));
            // A deleted account ("ghost", user null) can hold no role: its review decides nothing here.
            if (review.get("user").json().isNull() || NOT_DECIDING.contains(state)) {
                continue;
            }
            if (!DECIDING.contains(state)) {
                if (!state.isEmpty()) {
                    reviews.problem(review.get("state").path(), "must be one of APPROVED, CHANGES_REQUESTED, "
                            + "COMMENTED, DISMISSED, PENDING; was \"" + state + "\"");
                }
                continue;
            }
            Review read = new Review(reviews.text(review.get("user").get("login")), state,
                    state.equals("DISMISSED") ? Optional.empty() : reviews.optionalText(review.get("commit_id")),
                    reviews.time(review.get("submitted_at")));
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

    /**
     * The reviews of every page, in order. A file holding one array whose elements are all arrays is the pages of
     * {@code gh api --paginate --slurp}; a review is an object, so this cannot be one page.
     */
    private static List<PayloadReader.Node> reviews(PayloadReader reviews) {
        List<PayloadReader.Node> all = new ArrayList<>();
        for (PayloadReader.Node page : reviews.pages(ReviewVerdicts::isArrayOfPages)) {
            all.addAll(reviews.array(page));
        }
        return all;
    }

    private static boolean isArrayOfPages(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode page : value) {
            if (!page.isArray()) {
                return false;
            }
        }
        return true;
    }

    private record Review(String login, String state, Optional<String> commit, Optional<OffsetDateTime> at) {
        /** Whether this review, read after {@code other}, is still the older one. */
        boolean isOlderThan(Review other) {
            return other.at().isPresent() && (at.isEmpty() || at.get().isBefore(other.at().get()));
        }
    }
}
