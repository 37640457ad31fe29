package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy.version} is {@code sha256:} and the hex SHA-256 of every {@code policy.yaml} and {@code .drl} file
 * (each as its relative path, a newline, its bytes with line endings made {@code \n}) in path order (docs/policy.md
 * "Settings"): it changes whenever a rule file or a setting changes, and only then.
 */
class PolicyVersionTest {
    @TempDir
    Path dir;

    private static String versionOf(Path directory) {
        return DeploymentPolicy.builder().directory(directory).build().id().version();
    }

    /** The version as docs/policy.md defines it, computed here from the files themselves. */
    private static String expectedVersion(Path directory) throws IOException, NoSuchAlgorithmException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".drl") || directory.resolve("policy.yaml").equals(f))
                    .sorted((a, b) -> relative(directory, a).compareTo(relative(directory, b)))
                    .toList();
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (Path file : files) {
            sha256.update((relative(directory, file) + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(Files.readString(file).replace("\r\n", "\n").replace('\r', '\n').getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    private static String relative(Path directory, Path file) {
        return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static void edit(Path file, String from, String to) {
        String text = TestPolicies.read(file);
        assertTrue(text.contains(from), from);
        TestPolicies.write(file, text.replace(from, to));
    }

    @Test
    void theVersionIsSha256AndSixtyFourHexDigits() {
        String version = TestPolicies.core().id().version();

        assertTrue(version.matches("sha256:[0-9a-f]{64}"), version);
    }

    @Test
    void theVersionIsTheHashPolicyMdDefines() throws Exception {
        assertEquals(expectedVersion(TestPolicies.coreDirectory()), TestPolicies.core().id().version());
    }

    @Test
    void theSameFilesHaveTheSameVersionFromADirectoryOrTheClasspath() {
        assertEquals(TestPolicies.core().id().version(), versionOf(TestPolicies.copyCore(dir)));
    }

    @Test
    void aChangedRuleFileChangesTheVersion() {
        TestPolicies.copyCore(dir);
        edit(dir.resolve("findings.drl"), "\"Stopped by \"", "\"Halted by \"");

        assertNotEquals(TestPolicies.core().id().version(), versionOf(dir));
    }

    @Test
    void aChangedCommentInARuleFileChangesTheVersion() {
        TestPolicies.copyCore(dir);
        edit(dir.resolve("rollback.drl"), "// One rule per incident type", "// A rule per incident type");

        assertNotEquals(TestPolicies.core().id().version(), versionOf(dir));
    }

    @Test
    void anAddedOrRenamedRuleFileChangesTheVersion() throws IOException {
        TestPolicies.copyCore(dir);
        Files.move(dir.resolve("rollback.drl"), dir.resolve("rollbacks.drl"));
        String renamed = versionOf(dir);
        TestPolicies.write(dir.resolve("extra/empty.drl"), "package org.deploypolicy.extra;\n");
        String added = versionOf(dir);

        assertNotEquals(TestPolicies.core().id().version(), renamed);
        assertNotEquals(renamed, added);
    }

    @Test
    void aChangedSettingChangesTheVersion() {
        TestPolicies.copyCore(dir);
        edit(dir.resolve("policy.yaml"), "monitoring: PT15M", "monitoring: PT20M");

        DeploymentPolicy changed = DeploymentPolicy.builder().directory(dir).build();

        assertEquals(Duration.ofMinutes(20), changed.settings().obligations().monitoring());
        assertNotEquals(TestPolicies.core().id().version(), changed.id().version());
    }

    @Test
    void otherFilesDoNotChangeTheVersion() {
        TestPolicies.copyCore(dir);
        TestPolicies.write(dir.resolve("README.md"), "# core-test\nA policy for tests.\n");
        TestPolicies.write(dir.resolve("scenarios/friday.yaml"), "note: a scenario\nrequest: {}\nwant: {outcome: APPROVED}\n");
        TestPolicies.write(dir.resolve("findings.drl.orig"), "rule \"old\" when then end\n");

        assertEquals(TestPolicies.core().id().version(), versionOf(dir));
    }

    @Test
    void lineEndingsDoNotChangeTheVersion() throws IOException {
        TestPolicies.copyCore(dir);
        for (String name : Stream.concat(Stream.of("policy.yaml"), TestPolicies.coreRuleFiles().stream()).toList()) {
            Path file = dir.resolve(name);
            TestPolicies.write(file, TestPolicies.read(file).replace("\n", "\r\n"));
        }
        assertTrue(Files.readString(dir.resolve("policy.yaml")).contains("\r\n"));

        assertEquals(TestPolicies.core().id().version(), versionOf(dir));
    }

    @Test
    void everyDecisionCarriesTheVersion() {
        DeploymentPolicy policy = TestPolicies.core();

        assertEquals(policy.id(), policy.evaluate(Requests.deployment()).policy());
    }
}
