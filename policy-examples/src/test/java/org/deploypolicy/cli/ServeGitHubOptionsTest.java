package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s GitHub App options: each missing or wrong part is a usage error saying which, before binding. */
class ServeGitHubOptionsTest {
    @TempDir
    static Path dir;
    private static Path key;
    private static Path secret;

    @BeforeAll
    static void appFiles() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            // a KeyPair is written PKCS#1 (BEGIN RSA PRIVATE KEY), as GitHub issues an App's key
            writer.writeObject(rsa.generateKeyPair());
        }
        key = Files.writeString(dir.resolve("app.pem"), pem.toString());
        secret = Files.writeString(dir.resolve("webhook-secret"), "a-webhook-secret\n");
    }

    private static Cli.Run serve(String... options) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
        args.addAll(List.of(options));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args.toArray(String[]::new)));
    }

    private static void assertUsage(String message, Cli.Run run) {
        assertEquals(64, run.exit(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(message), run.err());
    }

    @Test
    void aGitHubOptionWithoutTheAppIdIsAUsageError() {
        assertUsage("the --github-* options set up the GitHub App: give --github-app-id too",
                serve("--github-private-key", key.toString()));
    }

    @Test
    void theAppIdNeedsItsKeyAndSecret() {
        assertUsage("--github-app-id needs --github-private-key FILE and --github-webhook-secret FILE",
                serve("--github-app-id", "12345", "--github-private-key", key.toString()));
    }

    @Test
    void aLabelForNoFlagIsAUsageErrorNamingTheFlags() {
        assertUsage("--github-label P5=...: no such flag; a label sets one of P1, P2, P3, P4, major, breaking, "
                + "payment-related, database-migrations", serve("--github-app-id", "12345", "--github-private-key",
                key.toString(), "--github-webhook-secret", secret.toString(), "--github-label", "P5=sev5"));
    }

    @Test
    void aRecheckOutOfRangeIsAUsageError() {
        assertUsage("Invalid value for option '--github-recheck': must be from 1 to 86400 seconds; was 0",
                serve("--github-app-id", "12345", "--github-private-key", key.toString(), "--github-webhook-secret",
                        secret.toString(), "--github-recheck", "0"));
    }

    @Test
    void theApiInClearTextIsForLoopbackOnly() {
        assertUsage("Invalid value for option '--github-api': must be an https URL (http only on loopback); was "
                + "'http://github.example.com/api/v3'", serve("--github-app-id", "12345", "--github-private-key",
                key.toString(), "--github-webhook-secret", secret.toString(), "--github-api",
                "http://github.example.com/api/v3"));
    }

    @Test
    void aPolicyWithoutARosterIsRefusedSayingWhy() {
        assertUsage("the GitHub App needs a roster in the policy", serve("--github-app-id", "12345",
                "--github-private-key", key.toString(), "--github-webhook-secret", secret.toString()));
    }

    @Test
    void anEmptyWebhookSecretIsRefusedWithoutShowingAnything() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-secret"), "\n");

        assertUsage(empty + ": the webhook secret file is empty", serve("--github-app-id", "12345",
                "--github-private-key", key.toString(), "--github-webhook-secret", empty.toString()));
    }
}
