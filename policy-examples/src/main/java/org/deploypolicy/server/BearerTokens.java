package org.deploypolicy.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.deploypolicy.IoFailedException;

/**
 * The bearer tokens a service accepts ({@code --token-file}): one a line, blank lines and lines starting with
 * {@code #} left out. A presented token is compared with each of them in constant time (as digests of equal length,
 * every token each time), so that how long a refusal takes tells nothing of a token.
 */
final class BearerTokens {
    private final List<byte[]> digests;

    private BearerTokens(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** The tokens of a file. */
    static BearerTokens of(List<String> tokens) {
        List<byte[]> digests = new ArrayList<>();
        for (String token : tokens) {
            digests.add(digest(token));
        }
        return new BearerTokens(digests);
    }

    /**
     * Reads a token file.
     *
     * @throws IoFailedException        when it cannot be read
     * @throws IllegalArgumentException when it holds no token, or a token with white space inside
     */
    static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoFailedException.of(file.toString(), "cannot read the token file", e);
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // a byte order mark (an editor's UTF-8) is not part of the first token
            String line = (i == 0 && lines.get(i).startsWith("\uFEFF") ? lines.get(i).substring(1) : lines.get(i)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": a token is one word; this line has "
                        + "white space inside");
            }
            tokens.add(line);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no token (one a line; # starts a comment)");
        }
        return tokens;
    }

    /** Whether an {@code Authorization} header presents one of the tokens as {@code Bearer TOKEN}. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = digest(authorization.substring(7).strip());
        boolean accepted = false;
        for (byte[] token : digests) {
            accepted |= MessageDigest.isEqual(token, presented);
        }
        return accepted;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
