package org.deploypolicy;

import static org.deploypolicy.Requests.deployment;
import static org.deploypolicy.Requests.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code disabled} in {@code policy.yaml} switches rules off by id: every rule with that id (one id may have
 * several rules) is gone from the policy, from its decisions and from what {@code explain()} reports.
 */
class DisabledRulesTest {
    @TempDir
    static Path dir;

    private static DeploymentPolicy policy;

    @BeforeAll
    static void build() {
        TestPolicies.copyCore(dir);
        Path settings = dir.resolve("policy.yaml");
        String text = TestPolicies.read(settings);
        assertTrue(text.contains("disabled: []"));
        TestPolicies.write(settings, text.replace("disabled: []", "disabled: [advice.one, mixed, rollback.api]"));
        policy = DeploymentPolicy.builder().directory(dir).build();
    }

    @Test
    void theSettingsListTheDisabledIds() {
        assertEquals(List.of("advice.one", "mixed", "rollback.api"), policy.settings().disabled());
    }

    @Test
    void aDisabledRuleIsNotAmongThePolicysRules() {
        Set<String> ids = policy.rules().stream().map(PolicyRule::id).collect(Collectors.toSet());
        Set<String> names = policy.rules().stream().map(PolicyRule::name).collect(Collectors.toSet());

        assertFalse(ids.contains("advice.one"));
        assertFalse(ids.contains("mixed"));
        assertFalse(ids.contains("rollback.api"));
        assertFalse(names.contains("mixed as block") || names.contains("mixed as require"), "both rules of the id");
        assertTrue(ids.containsAll(Set.of("advice.two", "stop.one", "missing.one", "rollback.payments")));
        assertEquals(TestPolicies.core().rules().size() - 4, policy.rules().size());
    }

    @Test
    void aDisabledRuleReportsNothing() {
        Decision decision = policy.evaluate(deployment("advice.one", "advice.two", "mixed.block:s", "mixed.require:t"));

        assertEquals(List.of("advice.two"), decision.findings().stream().map(Finding::rule).toList());
        assertEquals(Outcome.APPROVED, decision.outcome());
    }

    @Test
    void aDisabledRuleDoesNotFire() {
        Explanation explanation = policy.explain(deployment("advice.one", "stop.one"));

        assertEquals(List.of("stop one", "watch after deploy"),
                explanation.fired().stream().map(PolicyRule::name).toList());
    }

    @Test
    void aRollbackWhoseOnlyRuleIsDisabledFailsClosed() {
        assertThrows(EvaluationFailedException.class, () -> policy.evaluate(rollback(IncidentType.API_ERRORS)));
        assertEquals(Outcome.PENDING, policy.evaluate(rollback(IncidentType.PAYMENT_FAILURES)).outcome());
    }

    @Test
    void theSamePolicyWithoutDisabledRulesStillHasThem() {
        Decision decision = TestPolicies.core().evaluate(deployment("advice.one"));

        assertEquals(List.of("advice.one"), decision.findings().stream().map(Finding::rule).toList());
    }
}
