package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.deploypolicy.Change;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.DeploymentPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's directory that extends the reference: its rules add, disabled removes, the version is its own. */
class ExtendingTheReferenceTest {
    @TempDir
    static Path team;
    static DeploymentPolicy policy;

    @BeforeAll
    static void build() throws IOException {
        Files.writeString(team.resolve("policy.yaml"), """
                extends: reference
                name: payments-team
                disabled: [window.preferred]
                """);
        Files.writeString(team.resolve("team.drl"), """
                package org.deploypolicy.team;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                // Our own rule: a production deploy says what it changes.
                rule "team.summary"
                    @id("team.summary")
                when
                    $d : Deployment( production, change.summary.orElse("").isBlank() )
                then
                    findings.require("Say in one line what this deploy changes (change.summary).");
                end
                """);
        policy = DeploymentPolicy.builder().directory(team).build();
    }

    private static List<String> rules(Decision decision) {
        return decision.findings().stream().map(f -> f.rule() + f.subject().map(s -> ":" + s).orElse("")).toList();
    }

    @Test
    void aDisabledRuleDoesNotRunAndAnAddedOneDoes() {
        DeploymentRequest thursday = Reference.release("2026-11-26T10:00:00+03:00");
        Change unsaid = thursday.change();
        unsaid = new Change(Optional.empty(), unsaid.type(), unsaid.severity(), unsaid.major(), unsaid.breaking(),
                unsaid.paymentRelated(), unsaid.databaseMigrations(), unsaid.author(), unsaid.headCommit(),
                unsaid.branchedFrom(), unsaid.labels());
        assertEquals(List.of(), rules(policy.evaluate(thursday)));
        assertEquals(List.of("team.summary"), rules(policy.evaluate(new DeploymentRequest(thursday.id(),
                thursday.at(), thursday.source(), thursday.target(), thursday.requester(), unsaid,
                thursday.approvals(), thursday.reviews(), thursday.checks(), thursday.checklist(), thursday.waivers()))));
        Change blank = new Change(Optional.of(" "), unsaid.type(), unsaid.severity(), unsaid.major(), unsaid.breaking(),
                unsaid.paymentRelated(), unsaid.databaseMigrations(), unsaid.author(), unsaid.headCommit(),
                unsaid.branchedFrom(), unsaid.labels());
        assertEquals(List.of("team.summary"), rules(policy.evaluate(new DeploymentRequest(thursday.id(),
                thursday.at(), thursday.source(), thursday.target(), thursday.requester(), blank,
                thursday.approvals(), thursday.reviews(), thursday.checks(), thursday.checklist(), thursday.waivers()))),
                "a blank summary says nothing either");
        assertEquals(false, policy.rules().stream().anyMatch(r -> "window.preferred".equals(r.id())));
        assertEquals(true, policy.rules().stream().anyMatch(r -> "reference/windows.drl".equals(r.file())));
    }

    @Test
    void theTeamsPolicyHasItsOwnVersion() {
        assertNotEquals(Reference.POLICY.id().version(), policy.id().version());
    }
}
