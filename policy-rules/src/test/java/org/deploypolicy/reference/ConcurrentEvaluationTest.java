package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One policy shared by eight threads decides as it does alone. */
class ConcurrentEvaluationTest {

    @Test
    @Timeout(60)
    void eightThreadsGetTheSingleThreadedDecisions() throws Exception {
        List<DeploymentRequest> requests = new ArrayList<>();
        OffsetDateTime start = OffsetDateTime.parse("2026-11-23T00:00:00+03:00");
        Severity[] severities = {null, Severity.P1, Severity.P2, Severity.P4};
        for (int hour = 0; hour < 7 * 24; hour += 5) {
            requests.add(Reference.deployment(start.plusHours(hour), hour % 2 == 0 ? "staging" : "hotfix/x", "main",
                    severities[hour % severities.length]));
        }
        List<Decision> expected = requests.stream().map(Reference.POLICY::evaluate).toList();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Decision>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<Decision> decisions = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        decisions = requests.stream().map(Reference.POLICY::evaluate).toList();
                    }
                    return decisions;
                }));
            }
            go.countDown();
            for (Future<List<Decision>> result : results) {
                assertEquals(expected, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
