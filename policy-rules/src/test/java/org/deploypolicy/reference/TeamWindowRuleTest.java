package org.deploypolicy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.deploypolicy.Change;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own window rule, under the team's own id, takes part in the next-allowed search because it is marked
 * {@code @window}, not because of its id (the README's "Writing a rule" example, verbatim).
 */
class TeamWindowRuleTest {
    /** The README's example rule. */
    private static final String THURSDAY_LATE = """
            rule "team.thursday-late"
                @id("team.thursday-late")
                @window("16:00")
            when
                $d : Deployment( production, day == java.time.DayOfWeek.THURSDAY, time >= java.time.LocalTime.of(16, 0) )
            then
                findings.block($d.when() + ": no production deploys after 16:00 on Thursdays.");
            end
            """;

    @TempDir
    Path team;

    private DeploymentPolicy teamPolicy(String rule) throws IOException {
        Files.writeString(team.resolve("policy.yaml"), "extends: reference\nname: late-thursdays\n");
        Files.writeString(team.resolve("team.drl"), """
                package org.deploypolicy.team;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                """ + rule);
        return DeploymentPolicy.builder().directory(team).build();
    }

    /** A critical fix (P2), which the reference lets through on Fridays, on Thursday at 17:00 EAT. */
    private static DeploymentRequest criticalFixOnThursdayEvening() {
        DeploymentRequest release = Reference.release("2026-11-26T17:00:00+03:00");
        Change c = release.change();
        Change critical = new Change(c.summary(), c.type(), Optional.of(Severity.P2), c.major(), c.breaking(),
                c.paymentRelated(), c.databaseMigrations(), c.author(), c.headCommit(), c.branchedFrom(), c.labels());
        return new DeploymentRequest(release.id(), release.at(), release.source(), release.target(),
                release.requester(), critical, release.approvals(), release.reviews(), release.checks(),
                release.checklist(), release.waivers());
    }

    @Test
    void aRuleMarkedWindowGetsItsNextAllowedTimeWhateverItsId() throws IOException {
        Decision decision = teamPolicy(THURSDAY_LATE).evaluate(criticalFixOnThursdayEvening());

        assertEquals("team.thursday-late", decision.findings().get(0).rule());
        assertEquals(OffsetDateTime.parse("2026-11-27T00:00:00+03:00"), decision.nextAllowed().orElseThrow().at());
    }

    @Test
    void theSameRuleUnmarkedIsNoWindowRuleAndVerifySaysSoWhenItsIdLooksLikeOne() throws IOException {
        DeploymentPolicy unmarked = teamPolicy(THURSDAY_LATE.replace("    @window(\"16:00\")\n", "")
                .replace("team.thursday-late", "window.thursday-late"));

        Decision decision = unmarked.evaluate(criticalFixOnThursdayEvening());

        assertEquals(Optional.empty(), decision.nextAllowed());
        assertTrue(unmarked.warnings().stream().anyMatch(w -> w.file().equals("team.drl")
                && w.message().contains("no @window")), unmarked.warnings().toString());
    }
}
