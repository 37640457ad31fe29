package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's requirements of several slots on the command line: the decision's JSON lists each slot (a slot of any of
 * several roles with its {@code anyOf}) and keeps to {@code schemas/decision.schema.json}; the approval record lists
 * every slot in words ("Tech Lead or CEO", a second Tech Lead).
 */
class ApprovalSlotsTest {
    private static final String SAMPLE = "samples/normal-tuesday-release.json";

    @TempDir
    Path team;

    @BeforeEach
    void policy() throws IOException {
        Files.writeString(team.resolve("policy.yaml"), "extends: reference\nname: team\n");
        Files.writeString(team.resolve("team.drl"), """
                package org.deploypolicy.team;

                import java.util.List;
                import org.deploypolicy.rules.Deployment;

                global org.deploypolicy.rules.Findings findings;

                rule "team.two-tech-leads"
                    @id("team.two-tech-leads")
                when
                    Deployment( production )
                then
                    findings.requireApprovals(2, "TECH_LEAD", "Two Tech Leads approve every production deployment.");
                end

                rule "team.release-sign-off"
                    @id("team.release-sign-off")
                when
                    Deployment( production )
                then
                    findings.requireApprovalOfAny(List.of("RELEASE_MANAGER", "CEO"),
                            "A Release Manager or the CEO signs the release off.");
                end
                """);
    }

    @Test
    void theDecisionListsEverySlotAndKeepsToTheSchema() {
        CommandLineTest.Run run = CommandLineTest.run("evaluate", SAMPLE, "--format", "json", "--policy",
                team.toString());

        assertEquals(2, run.exit(), run.err());
        Schemas.assertValid(Schemas.DECISION, run.out());
        String approvers = run.out().substring(run.out().indexOf("\"approvers\""), run.out().indexOf("\"obligations\""));
        assertEquals(3, approvers.split("\"role\"", -1).length - 1, approvers);
        assertEquals(1, approvers.split("\"anyOf\"", -1).length - 1, approvers);
        assertTrue(approvers.replaceAll("\\s", "").contains(
                "{\"role\":\"RELEASE_MANAGER\",\"satisfiedBy\":null,\"rejectedBy\":null,\"anyOf\":[\"RELEASE_MANAGER\",\"CEO\"]}"),
                approvers);
    }

    @Test
    void theRecordListsEverySlotInWords() {
        CommandLineTest.Run run = CommandLineTest.run("evaluate", SAMPLE, "--format", "markdown", "--policy",
                team.toString());

        String record = run.out();
        int approvals = record.indexOf("### Approvals\n");
        assertEquals("""
                ### Approvals
                - [x] Tech Lead: selam - Approved
                - [ ] Tech Lead: waiting
                - [ ] Release Manager or CEO: waiting
                """, record.substring(approvals, record.indexOf("\n\n", approvals) + 1), record);
    }
}
