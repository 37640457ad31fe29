package org.deploypolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test policy {@code deploy-policy/core-test/} (test resources), built once per test run and shared: building
 * compiles rules, which is the slow step. Tests that need a variant copy its directory and change the copy.
 */
final class TestPolicies {
    /** What the shared policy's clock says: Thursday 4 July 2030, 10:15:30 in Berlin (summer time, +02:00). */
    static final Instant NOW = Instant.parse("2030-07-04T08:15:30Z");

    private static DeploymentPolicy core;

    private TestPolicies() {
    }

    /** The core-test policy with a clock fixed at {@link #NOW}. */
    static synchronized DeploymentPolicy core() {
        if (core == null) {
            core = DeploymentPolicy.builder().classpath("core-test").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        }
        return core;
    }

    /** The core-test policy's directory on disk (under target/test-classes). */
    static Path coreDirectory() {
        URL settings = TestPolicies.class.getClassLoader().getResource("deploy-policy/core-test/policy.yaml");
        try {
            return Path.of(settings.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The core-test policy's settings file, as text. */
    static String coreSettings() {
        return read(coreDirectory().resolve("policy.yaml"));
    }

    /** Copies the core-test policy into {@code target} (which may exist) and returns {@code target}. */
    static Path copyCore(Path target) {
        try (Stream<Path> files = Files.list(coreDirectory())) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the rule files of the core-test policy. */
    static List<String> coreRuleFiles() {
        try (Stream<Path> files = Files.list(coreDirectory())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".drl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
