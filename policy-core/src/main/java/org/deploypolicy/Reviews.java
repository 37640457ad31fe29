package org.deploypolicy;

/**
 * The pull request's reviews.
 *
 * @param approving         the number of approving reviews (at least 0)
 * @param codeOwnerApproved whether a code owner approved
 */
public record Reviews(int approving, boolean codeOwnerApproved) {
    /** No reviews at all: what an absent {@code reviews} means. */
    public static final Reviews NONE = new Reviews(0, false);
}
