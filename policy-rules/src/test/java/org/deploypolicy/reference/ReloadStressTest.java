package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.ReloadingPolicy;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads decide while the policy directory is rebuilt again and again, good and broken versions in
 * turn: no evaluation fails, every decision equals what the version it names decides alone, and the heap does
 * not grow with the reloads. About 50 reloads in CI; {@code -Dstress.reloads=1000} runs the long mode. The
 * deciding threads pause a millisecond now and then, so that on two cores the rebuilds get their turn.
 */
class ReloadStressTest {
    private static final int RELOADS = Integer.getInteger("stress.reloads", 50);
    private static final String FRIDAY_OPEN = "extends: reference\nname: friday-open\nwindows: { criticalOnlyDays: [] }\n";
    private static final String FROZEN = """
            extends: reference
            name: frozen
            windows:
              freezes: [ { name: audit, from: 2026-11-01T00:00:00+03:00, to: 2026-12-01T00:00:00+03:00, reason: Audit } ]
            """;
    private static final String BROKEN = "extends: reference\nname: broken\nwindows: { preferred: { from: \"15:00\", to: \"09:00\" } }\n";

    @Test
    @Timeout(600)
    void decisionsStayRightWhileThePolicyIsReloaded(@TempDir Path directory) throws Exception {
        List<PolicyRequest> requests = requests();
        Map<String, List<Decision>> expected = new HashMap<>();
        for (String settings : List.of(FRIDAY_OPEN, FROZEN)) {
            Files.writeString(directory.resolve("policy.yaml"), settings);
            DeploymentPolicy alone = DeploymentPolicy.builder().directory(directory).build();
            expected.put(alone.id().version(), requests.stream().map(alone::evaluate).toList());
        }
        ReloadingPolicy policy = ReloadingPolicy.of(directory);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong decided = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long heapAfterWarmUp = 0;
        int failedReloads = 0;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    for (int i = offset; !stop.get(); i++) {
                        int n = i % requests.size();
                        Decision decision = policy.evaluate(requests.get(n));
                        List<Decision> forVersion = expected.get(decision.policy().version());
                        if (forVersion == null || !forVersion.get(n).equals(decision)) {
                            wrong.add(decision.policy() + " decided " + decision);
                        }
                        if (decided.incrementAndGet() % 64 == 0) {
                            Thread.sleep(1);
                        }
                    }
                    return null;
                }));
            }
            for (int reload = 1; reload <= RELOADS; reload++) {
                String settings = reload % 2 == 1 ? BROKEN : reload % 4 == 0 ? FRIDAY_OPEN : FROZEN;
                Files.writeString(directory.resolve("policy.yaml"), settings);
                ReloadingPolicy.Reload result = policy.reload();
                if (settings.equals(BROKEN)) {
                    assertFalse(result.succeeded());
                    failedReloads++;
                } else {
                    assertTrue(result.succeeded(), () -> result.failure().orElseThrow().getMessage());
                }
                if (reload == Math.min(10, RELOADS)) {
                    heapAfterWarmUp = usedHeapAfterGc(memory);
                }
            }
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(wrong).subList(0, Math.min(3, wrong.size())));
        assertTrue(decided.get() > RELOADS, "only " + decided.get() + " decisions");
        assertEquals(RELOADS / 2 + RELOADS % 2, failedReloads);
        long growth = usedHeapAfterGc(memory) - heapAfterWarmUp;
        assertTrue(growth < 64L << 20, "the heap grew by " + (growth >> 20) + " MiB over the reloads");
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A Tuesday, a Friday and a Saturday release, a P2 on Friday and a P1 hotfix. */
    private static List<PolicyRequest> requests() {
        return List.of(
                Reference.release("2026-11-24T10:30:00+03:00"),
                Reference.release("2026-11-27T10:30:00+03:00"),
                Reference.release("2026-11-28T10:30:00+03:00"),
                Reference.deployment(OffsetDateTime.parse("2026-11-27T10:30:00+03:00"), "staging", "main", Severity.P2),
                Reference.deployment(OffsetDateTime.parse("2026-11-28T23:00:00+03:00"), "hotfix/x", "main", Severity.P1));
    }
}
