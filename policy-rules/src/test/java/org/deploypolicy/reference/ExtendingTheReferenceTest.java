package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.Outcome;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's directory that extends the reference: its settings override, its rules add, disabled removes. */
class ExtendingTheReferenceTest {
    @TempDir
    static Path team;
    static DeploymentPolicy policy;

    @BeforeAll
    static void build() throws IOException {
        Files.writeString(team.resolve("policy.yaml"), """
                extends: reference
                name: payments-team
                windows:
                  freezes:
                    - name: year-end
                      from: 2026-12-20T00:00:00+03:00
                      to: 2027-01-05T00:00:00+03:00
                      reason: Year-end closing
                disabled: [window.preferred]
                """);
        Files.writeString(team.resolve("team.drl"), """
                package org.deploypolicy.team;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                // Our own rule: changes from the dev branch never reach production.
                rule "team.no-dev"
                    @id("team.no-dev")
                when
                    $d : Deployment( production, source == "dev" )
                then
                    findings.block(drools, "Production takes changes from staging, not dev.");
                end
                """);
        policy = DeploymentPolicy.builder().directory(team).build();
    }

    private static List<String> rules(Decision decision) {
        return decision.findings().stream().map(f -> f.rule() + f.subject().map(s -> ":" + s).orElse("")).toList();
    }

    @Test
    void theFreezeBlocksAllButEmergenciesAndNamesItself() {
        Decision tuesday = policy.evaluate(Reference.release("2026-12-22T10:00:00+03:00"));
        assertEquals(Outcome.REJECTED, tuesday.outcome());
        assertEquals(List.of("window.freeze:year-end"), rules(tuesday));
        assertEquals("payments-team", tuesday.policy().name());

        Decision p1 = policy.evaluate(Reference.deployment(java.time.OffsetDateTime.parse("2026-12-22T10:00:00+03:00"),
                "staging", "main", Severity.P1));
        assertEquals(List.of(), rules(p1));
    }

    @Test
    void theFreezeEndsWhereItSays() {
        assertEquals(List.of(), rules(policy.evaluate(Reference.release("2027-01-05T00:00:00+03:00"))));
        assertEquals(List.of("window.freeze:year-end"),
                rules(policy.evaluate(Reference.release("2027-01-04T23:59:59+03:00"))));
    }

    @Test
    void aDisabledRuleDoesNotRunAndAnAddedOneDoes() {
        Decision thursday = policy.evaluate(Reference.deployment(
                java.time.OffsetDateTime.parse("2026-11-26T10:00:00+03:00"), "dev", "main", null));
        assertEquals(List.of("team.no-dev"), rules(thursday));
        assertEquals(false, policy.rules().stream().anyMatch(r -> "window.preferred".equals(r.id())));
        assertEquals(true, policy.rules().stream().anyMatch(r -> "reference/windows.drl".equals(r.file())));
    }

    @Test
    void theTeamsPolicyHasItsOwnVersion() {
        assertNotEquals(Reference.POLICY.id().version(), policy.id().version());
    }
}
