package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compiledRulesCache(dir)} keeps a policy's rules compiled to the executable model in {@code dir}, and a
 * later build of the same rule files loads them. Whatever the cache holds, a policy decides and fails as the
 * same rules compiled from DRL: a changed rule is compiled afresh, a damaged entry is compiled again, a rule file
 * that does not compile is reported with its position, and builds racing on one directory agree.
 */
class CompiledRulesCacheTest {
    /** Requests that make each of core-test's rules report (or fail), and rollbacks of each incident. */
    private static final List<PolicyRequest> REQUESTS = List.of(
            deployment(),
            deployment("stop.one", "stop.two:s", "missing.one:m", "advice.one", "advice.two:a"),
            deployment("mixed.block:s", "mixed.require:t", "watch"),
            deployment("throw.divide"),
            deployment("throw.null"),
            deployment("throw.condition"),
            deployment("throw.loop"),
            rollback(IncidentType.API_ERRORS),
            rollback(IncidentType.PAYMENT_FAILURES),
            rollback(IncidentType.SECURITY_INCIDENT),
            rollback(IncidentType.CUSTOMER_BUG));

    @TempDir
    static Path shared;

    private static DeploymentPolicy drl;

    @TempDir
    Path policy;

    @TempDir
    Path cache;

    @BeforeAll
    static void compileAsDrl() {
        drl = TestPolicies.core();
    }

    private DeploymentPolicy build(Path directory, Path cacheDirectory) {
        return DeploymentPolicy.builder().directory(directory).compiledRulesCache(cacheDirectory)
                .clock(Clock.fixed(TestPolicies.NOW, ZoneOffset.UTC)).build();
    }

    /** What a policy answers to a request: its decision, or the problem it fails with. */
    private static Object answer(DeploymentPolicy policy, PolicyRequest request) {
        try {
            return policy.evaluate(request);
        } catch (EvaluationFailedException e) {
            return e.problems();
        }
    }

    private static void decidesAsDrl(DeploymentPolicy policy) {
        assertEquals(drl.id(), policy.id());
        assertEquals(drl.rules(), policy.rules());
        assertEquals(drl.warnings(), policy.warnings());
        for (PolicyRequest request : REQUESTS) {
            assertEquals(answer(drl, request), answer(policy, request), request.toString());
        }
    }

    private static List<Path> entries(Path cacheDirectory) throws IOException {
        Path rules = cacheDirectory.resolve("rules");
        if (!Files.isDirectory(rules)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(rules)) {
            return files.sorted().toList();
        }
    }

    @Test
    void theFirstBuildStoresTheCompiledRulesAndTheNextLoadsThem() throws IOException {
        TestPolicies.copyCore(policy);

        DeploymentPolicy compiled = build(policy, cache);
        List<Path> stored = entries(cache);
        DeploymentPolicy loaded = build(policy, cache);

        assertEquals(1, stored.size(), stored.toString());
        assertTrue(stored.get(0).getFileName().toString().endsWith(".model"), stored.toString());
        assertEquals(stored, entries(cache), "the second build adds nothing");
        decidesAsDrl(compiled);
        decidesAsDrl(loaded);
    }

    @Test
    void aChangedRuleIsCompiledAfreshNeverTakenFromTheCache() throws IOException {
        TestPolicies.copyCore(policy);
        build(policy, cache);
        Path findings = policy.resolve("findings.drl");
        TestPolicies.write(findings, TestPolicies.read(findings).replace("\"Stopped by \"", "\"Halted by \""));

        DeploymentPolicy changed = build(policy, cache);

        assertEquals(2, entries(cache).size());
        assertNotEquals(drl.id(), changed.id());
        Finding stop = changed.evaluate(deployment("stop.one")).findings().get(0);
        assertEquals("Halted by stop.one.", stop.message());
    }

    @Test
    void settingsAreReadAfreshWhileTheCompiledRulesAreReused() throws IOException {
        TestPolicies.copyCore(policy);
        build(policy, cache);
        Path settings = policy.resolve("policy.yaml");
        TestPolicies.write(settings, TestPolicies.read(settings).replace("disabled: []", "disabled: [stop.one]"));

        DeploymentPolicy changed = build(policy, cache);

        assertEquals(1, entries(cache).size(), "the same rule files, the same entry");
        assertTrue(changed.evaluate(deployment("stop.one")).findings().isEmpty());
    }

    @Test
    void aDamagedEntryIsCompiledAgain() throws IOException {
        TestPolicies.copyCore(policy);
        build(policy, cache);
        Path entry = entries(cache).get(0);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length / 2));

        DeploymentPolicy rebuilt = build(policy, cache);

        decidesAsDrl(rebuilt);
        assertEquals(List.of(entry), entries(cache));
        // compiled again, the entry may differ from the first by a byte or two, so it is judged by use: the next
        // build loads it as it is rather than writing it again
        byte[] repaired = Files.readAllBytes(entry);
        assertTrue(repaired.length > whole.length / 2, "the entry is whole again");
        decidesAsDrl(build(policy, cache));
        assertArrayEquals(repaired, Files.readAllBytes(entry), "the repaired entry is loaded, not written again");
    }

    @Test
    void anEntryOfOtherContentUnderTheKeyIsNotUsed() throws IOException {
        TestPolicies.copyCore(policy);
        build(policy, cache);
        Path entry = entries(cache).get(0);
        Path other = shared.resolve("other");
        TestPolicies.copyCore(other);
        Path findings = other.resolve("findings.drl");
        TestPolicies.write(findings, TestPolicies.read(findings).replace("\"Stopped by \"", "\"Halted by \""));
        Path otherCache = shared.resolve("other-cache");
        build(other, otherCache);
        Files.copy(entries(otherCache).get(0), entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        decidesAsDrl(build(policy, cache));
    }

    @Test
    void aRuleFileThatDoesNotCompileIsReportedAsWithoutTheCache() throws IOException {
        TestPolicies.copyCore(policy);
        TestPolicies.write(policy.resolve("broken.drl"), """
                package org.deploypolicy.broken;

                import org.deploypolicy.rules.Deployment;

                global org.deploypolicy.rules.Findings findings;

                rule "unknown field"
                    @id("broken.field")
                when
                    $d : Deployment( noSuchField == 3 )
                then
                    findings.block("never");
                end
                """);

        InvalidPolicyException withCache = assertThrows(InvalidPolicyException.class, () -> build(policy, cache));
        InvalidPolicyException without = assertThrows(InvalidPolicyException.class,
                () -> DeploymentPolicy.builder().directory(policy).build());

        assertEquals(without.problems(), withCache.problems());
        assertTrue(withCache.problems().stream().allMatch(p -> p.file().equals("broken.drl") && p.line().isPresent()),
                Requests.describe(withCache));
        assertTrue(entries(cache).stream().noneMatch(p -> p.toString().endsWith(".model")), "nothing to load later");
    }

    @Test
    void buildsRacingOnOneCacheAgree() throws Exception {
        TestPolicies.copyCore(policy);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<DeploymentPolicy>> builds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                builds.add(threads.submit(() -> build(policy, cache)));
            }
            for (Future<DeploymentPolicy> build : builds) {
                decidesAsDrl(build.get());
            }
        } finally {
            threads.shutdownNow();
        }
        List<Path> stored = entries(cache);
        assertEquals(1, stored.size(), "one entry, no temporary file left: " + stored);
        decidesAsDrl(build(policy, cache));
    }
}
