package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A built policy is thread-safe (its Javadoc says so): many threads deciding at once, some of their requests
 * failing, each get the decision (or the failure) they would get alone.
 */
class ConcurrentEvaluationTest {
    private static final List<PolicyRequest> REQUESTS = List.of(
            deployment(), deployment("stop.one", "advice.one:a"), deployment("missing.one:x", "missing.one:y"),
            deployment("throw.divide"), deployment("advice.two"), rollback(IncidentType.PAYMENT_FAILURES),
            rollback(IncidentType.CUSTOMER_BUG), deployment("mixed.require:s", "mixed.block:s"));

    private static Object outcomeOf(DeploymentPolicy policy, PolicyRequest request) {
        try {
            return policy.evaluate(request);
        } catch (EvaluationFailedException e) {
            return e.problems();
        }
    }

    @Test
    void threadsDecidingAtOnceGetWhatTheyWouldGetAlone() throws Exception {
        DeploymentPolicy policy = TestPolicies.core();
        List<Object> alone = REQUESTS.stream().map(r -> outcomeOf(policy, r)).toList();
        assertInstanceOf(List.class, alone.get(3), "the fixture has a failing request");

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Object>>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    List<Object> all = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                        REQUESTS.forEach(r -> all.add(outcomeOf(policy, r)));
                    }
                    return all;
                });
            }
            for (Future<List<Object>> result : threads.invokeAll(work, 60, TimeUnit.SECONDS)) {
                List<Object> all = result.get();
                for (int i = 0; i < all.size(); i++) {
                    assertEquals(alone.get(i % REQUESTS.size()), all.get(i));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
