package org.deploypolicy;

import java.util.Optional;

import java.nio.file.Path;

import org.deploypolicy.internal.Core;

/**
 * Where decisions are written for audit: one JSON line each, with the request as read and its digest (over its
 * canonical JSON; {@link Contents#DIGESTS_ONLY} keeps the digest alone), the decision, the policy version and the
 * time, each line carrying the hash of the one before it, so
 * that an edited, reordered or deleted line is found by {@link #audit(Path)}. Give one to
 * {@link DeploymentPolicy.Builder#decisionLog(DecisionLog)} and every decision is written; a decision that cannot
 * be written is not returned. Implementations are thread-safe.
 */
public interface DecisionLog {

    /**
     * Writes one decision.
     *
     * @throws IoFailedException when it cannot be written (the caller then must not act on the decision)
     */
    void record(PolicyRequest request, Decision decision);

    /**
     * Why a decision could not be written now, as far as can be told without writing one (a file that is not
     * writable, a directory that is gone), or empty when it could: what a service's readiness reports.
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /**
     * A log appended to a file, continuing the chain of the lines already there; the file is created at the first
     * decision. Processes, threads and several logs on one file may append at once: each append locks the file,
     * continues the chain from its last line and forces the line to disk before unlocking, so the lines form one
     * chain. A write that fails leaves the file as it was.
     *
     * @throws IoFailedException when the file cannot be read or its directory does not exist, or when it is not
     *                           a sound log (the message names the first line at fault, as {@link #audit(Path)}
     *                           does); {@link #record} throws it when a line cannot be written
     */
    static DecisionLog toFile(Path file) {
        return toFile(file, Contents.REQUESTS);
    }

    /**
     * A log appended to a file as {@link #toFile(Path)}, keeping each request or only its digest.
     *
     * @throws IoFailedException as {@link #toFile(Path)}
     */
    static DecisionLog toFile(Path file, Contents contents) {
        return Core.logToFile(file, contents == Contents.REQUESTS);
    }

    /** A log written through SLF4J, one INFO line per decision on the logger {@code org.deploypolicy.decisions}. */
    static DecisionLog toSlf4j() {
        return toSlf4j(Contents.REQUESTS);
    }

    /** A log written through SLF4J, keeping each request or only its digest. */
    static DecisionLog toSlf4j(Contents contents) {
        return Core.logToSlf4j("org.deploypolicy.decisions", contents == Contents.REQUESTS);
    }

    /** What a line keeps of the request it decided, beside its digest. */
    enum Contents {
        /**
         * The request as read ({@code "request"}, the contract's JSON as its digest is taken over), so that the log
         * alone can be replayed under another policy ({@code diff}) and reported ({@code report}).
         */
        REQUESTS,
        /** Its digest only, for a team that must not store requests; replay and reports then cannot use the log. */
        DIGESTS_ONLY
    }

    /**
     * Checks a log file: every line's hash, and the chain from line to line. An empty file is a sound log of no
     * lines; a file that does not exist is not.
     *
     * @throws IoFailedException when the file does not exist or cannot be read
     */
    static Audit audit(Path file) {
        return Core.audit(file);
    }

    /**
     * Checks a log file as {@link #audit(Path)} does, and that it still reaches the count and last hash an
     * earlier audit reported (which finds lines deleted from the end, or the log replaced).
     *
     * @throws IoFailedException when the file does not exist or cannot be read
     */
    static Audit audit(Path file, int keptCount, String keptHash) {
        return Core.audit(file, keptCount, keptHash);
    }

    /**
     * What an audit found.
     *
     * @param goodLines  how many lines, from the first, are sound
     * @param lastHash   the hash of the last sound line ({@code sha256:...}); keep it with the count to detect a
     *                   deleted last line later
     * @param brokenLine the first line that is not sound (1-based), or 0 when all are
     * @param problem    what is wrong with it, or empty
     */
    record Audit(int goodLines, String lastHash, int brokenLine, String problem) {
        /** Whether every line is sound. */
        public boolean sound() {
            return brokenLine == 0;
        }
    }
}
