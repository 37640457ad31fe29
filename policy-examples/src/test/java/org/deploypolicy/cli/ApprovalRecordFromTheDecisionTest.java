package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval record says what the decision says, and assumes no role or rule of its own: the approvals are the
 * decision's approvers (none, when the policy requires none), and a rollback's authority is the finding of a rule
 * marked {@code @decides(rollback)}, whatever its id.
 */
class ApprovalRecordFromTheDecisionTest {
    @TempDir
    Path team;

    private String record(String sample, String settings, String rules) throws IOException {
        Files.writeString(team.resolve("policy.yaml"), settings);
        Files.writeString(team.resolve("team.drl"), rules);
        CommandLineTest.Run run = CommandLineTest.run("evaluate", "samples/" + sample + ".json", "--format", "markdown",
                "--policy", team.toString());
        assertTrue(run.err().isEmpty(), run.err());
        return run.out();
    }

    @Test
    void aDeploymentThatNeedsNoApprovalSaysSoAndNamesNoRole() throws IOException {
        String record = record("normal-tuesday-release", "extends: reference\ndisabled: [approval.tech-lead]\n",
                "package org.deploypolicy.team;\n");

        int approvals = record.indexOf("### Approvals\n");
        assertTrue(approvals >= 0, record);
        assertEquals("### Approvals\nNone required for this request.\n",
                record.substring(approvals, record.indexOf('\n', record.indexOf('\n', approvals) + 1) + 1));
        assertTrue(!record.contains("Tech Lead") && !record.contains("CEO"), record);
    }

    @Test
    void aRollbacksAuthorityIsTheFindingOfTheRuleThatDecidesItWhateverItsId() throws IOException {
        String record = record("rollback-api-errors", """
                extends: reference
                disabled: [rollback.api-errors, rollback.customer-bug, rollback.payments, rollback.security]
                """, """
                package org.deploypolicy.team;
                import org.deploypolicy.rules.Rollback;
                global org.deploypolicy.rules.Findings findings;

                rule "team.rollback"
                    @id("team.rollback")
                    @decides(rollback)
                when
                    Rollback()
                then
                    findings.advise("Granted by the team's own rule.");
                end
                """);

        assertTrue(record.contains("**Authority:** Granted by the team's own rule.\n"), record);
    }
}
