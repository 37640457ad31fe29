package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as the library writes them: lower-case hex, named ({@code sha256:...}) where they are shown. */
final class Sha256 {
    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest so far, in hex. */
    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest so far, named: {@code sha256:} and its hex. */
    static String named(MessageDigest digest) {
        return "sha256:" + hex(digest);
    }

    /** A text's UTF-8 bytes digested, named. */
    static String named(String text) {
        MessageDigest digest = digest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return named(digest);
    }
}
