package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.deploypolicy.ClasspathPolicy;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast ways to a policy, which the command line takes, decide every sample request exactly as the same
 * rules compiled from DRL: the reference policy's rules shipped compiled in its jar, and a directory's rules
 * compiled to the executable model in a cache (the first build, which compiles and stores them, and a later
 * one, which loads them). The directories are a copy of the reference policy and a team policy extending it.
 */
class CompiledRulesDecideAsDrlTest {
    @TempDir
    static Path root;

    /** For each policy, the DRL build first, then the fast builds, by name. */
    private static final Map<String, List<DeploymentPolicy>> POLICIES = new LinkedHashMap<>();

    @BeforeAll
    static void build() throws IOException {
        Path reference = root.resolve("reference");
        ClasspathPolicy.copy("reference", reference);
        Path team = root.resolve("team");
        Files.createDirectories(team);
        Files.copy(Path.of("src/test/resources/team-policy/policy.yaml"), team.resolve("policy.yaml"));
        Path cache = root.resolve("cache");

        POLICIES.put("reference", List.of(
                DeploymentPolicy.builder().directory(reference).build(),
                DeploymentPolicy.builder().classpath("reference").build(),
                DeploymentPolicy.builder().directory(reference).compiledRulesCache(cache).build(),
                DeploymentPolicy.builder().directory(reference).compiledRulesCache(cache).build()));
        POLICIES.put("team", List.of(
                DeploymentPolicy.builder().directory(team).build(),
                DeploymentPolicy.builder().directory(team).compiledRulesCache(cache).build(),
                DeploymentPolicy.builder().directory(team).compiledRulesCache(cache).build()));
    }

    static Stream<Path> samples() throws IOException {
        return CommandLineTest.samples();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void eachSampleIsDecidedAsByTheRulesCompiledFromDrl(Path sample) throws IOException {
        PolicyRequest request;
        try (InputStream in = Files.newInputStream(sample)) {
            request = PolicyJson.readRequest(in);
        }
        POLICIES.forEach((name, policies) -> {
            Decision drl = policies.get(0).evaluate(request);
            for (DeploymentPolicy fast : policies.subList(1, policies.size())) {
                assertEquals(drl, fast.evaluate(request), name);
            }
        });
    }

    @Test
    void theFastBuildsAreOfTheSamePolicyAndRules() {
        POLICIES.forEach((name, policies) -> {
            for (DeploymentPolicy fast : policies.subList(1, policies.size())) {
                assertEquals(policies.get(0).id(), fast.id(), name);
                assertEquals(policies.get(0).rules(), fast.rules(), name);
                assertEquals(policies.get(0).warnings(), fast.warnings(), name);
            }
        });
    }

    @Test
    void theFastBuildsTookTheFastPaths() throws IOException {
        assertNotNull(getClass().getClassLoader().getResource("deploy-policy/reference.model"),
                "policy-rules ships the reference rules compiled");
        UnaryOperator<String> kind = file -> file.substring(file.lastIndexOf('.'));
        try (Stream<Path> entries = Files.list(root.resolve("cache/rules"))) {
            List<String> kinds = entries.map(p -> kind.apply(p.getFileName().toString())).toList();
            assertEquals(List.of(".model", ".model"), kinds, "one compiled entry for each directory, no DRL fallback");
        }
        assertTrue(POLICIES.get("team").get(1).rules().stream().anyMatch(r -> r.file().startsWith("reference/")));
    }
}
