package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Scenario;
import org.junit.jupiter.api.Test;

/**
 * What a policy decided before never shows in a decision: sessions are kept between calls with their facts
 * deleted, and the window rules' own sessions serve every next-allowed search. Every request of the reference
 * scenarios is decided by one policy in file order and by another in reverse order, and then again by the first:
 * each request gets the same answer whatever came before it (the first request of one order is the first call of
 * its policy, a fresh session).
 */
class DecisionsDoNotDependOnHistoryTest {
    private static final Path SCENARIOS = Path.of("src/main/resources/deploy-policy/reference/scenarios");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void theOrderOfRequestsChangesNoAnswer() {
        List<PolicyRequest> requests = new ArrayList<>();
        for (Scenario scenario : Scenario.read(SCENARIOS)) {
            try {
                requests.add(scenario.request());
            } catch (InvalidRequestException e) {
                // a scenario that wants an error has no request to decide
            }
        }
        assertTrue(requests.size() > 100, requests.size() + " requests");
        DeploymentPolicy forward = DeploymentPolicy.builder().classpath("reference").clock(CLOCK).build();
        DeploymentPolicy backward = DeploymentPolicy.builder().classpath("reference").clock(CLOCK).build();

        List<Object> inOrder = answers(forward, requests);
        List<PolicyRequest> reversed = new ArrayList<>(requests);
        Collections.reverse(reversed);
        List<Object> inReverse = answers(backward, reversed);
        Collections.reverse(inReverse);

        assertEquals(inOrder, inReverse);
        assertEquals(inOrder, answers(forward, requests));
    }

    /** Each request's decision, or the problem that failed it. */
    private static List<Object> answers(DeploymentPolicy policy, List<PolicyRequest> requests) {
        List<Object> answers = new ArrayList<>();
        for (PolicyRequest request : requests) {
            try {
                answers.add(policy.evaluate(request));
            } catch (PolicyException e) {
                answers.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return answers;
    }
}
