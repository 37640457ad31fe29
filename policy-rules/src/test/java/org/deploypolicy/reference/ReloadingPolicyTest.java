package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.ReloadingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A policy directory edited while it serves: good, broken, good again, with evaluations running throughout. */
class ReloadingPolicyTest {
    private static final String GOOD = "extends: reference\nname: team\n";
    private static final String FREEZE = GOOD + """
            windows:
              freezes:
                - { name: now, from: 2026-11-01T00:00:00+03:00, to: 2026-12-01T00:00:00+03:00, reason: Audit }
            """;
    private static final String BROKEN = GOOD + "windows: { preferred: { from: \"15:00\", to: \"09:00\" } }\n";

    @Test
    @Timeout(120)
    void theLastGoodPolicyServesAndEveryDecisionNamesItsVersion(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("policy.yaml"), GOOD);
        ReloadingPolicy policy = ReloadingPolicy.of(directory);
        DeploymentRequest tuesday = Reference.release("2026-11-24T10:30:00+03:00");
        Map<String, Decision> byVersion = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(pool.submit(() -> {
                    int decided = 0;
                    while (!stop.get()) {
                        Decision decision = policy.evaluate(tuesday);
                        Decision first = byVersion.putIfAbsent(decision.policy().version(), decision);
                        assertEquals(first == null ? decision : first, decision);
                        decided++;
                    }
                    return decided;
                }));
            }
            String good = policy.current().id().version();

            write(directory, BROKEN);
            ReloadingPolicy.Reload broken = policy.reload();
            assertFalse(broken.succeeded());
            assertEquals(good, broken.serving().version());
            assertTrue(broken.failure().orElseThrow().problems().get(0).describe()
                    .startsWith("policy.yaml:3:"), broken.failure().orElseThrow().getMessage());
            assertEquals(good, policy.current().id().version());

            write(directory, FREEZE);
            ReloadingPolicy.Reload frozen = policy.reload();
            assertTrue(frozen.succeeded());
            assertNotEquals(good, frozen.serving().version());
            assertEquals(frozen.serving(), policy.current().id());

            Thread.sleep(200);
            stop.set(true);
            for (Future<Integer> worker : workers) {
                assertTrue(worker.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Decision decision : byVersion.values()) {
            DeploymentPolicy alone = DeploymentPolicy.builder().directory(directory).build();
            if (decision.policy().equals(alone.id())) {
                assertEquals(alone.evaluate(tuesday), decision);
            }
        }
        assertEquals(2, byVersion.size(), byVersion.keySet().toString());
        assertTrue(byVersion.values().stream().anyMatch(d -> d.findings().stream()
                .anyMatch(f -> f.rule().equals("window.freeze"))));
    }

    private static void write(Path directory, String settings) throws IOException {
        Files.writeString(directory.resolve("policy.yaml"), settings);
    }
}
