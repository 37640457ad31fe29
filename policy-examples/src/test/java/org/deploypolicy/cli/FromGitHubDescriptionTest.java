package org.deploypolicy.cli;

import static org.deploypolicy.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.Approval;
import org.deploypolicy.Channel;
import org.deploypolicy.Checklist;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull-request description format of README "From GitHub": checklist items and verbal approval lines. */
class FromGitHubDescriptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The release pull request with another description. */
    private Path pullWithBody(String body) throws IOException {
        ObjectNode pull = (ObjectNode) JSON.readTree(FromGitHubCommandTest.GITHUB.resolve("release-pull.json").toFile());
        pull.put("body", body);
        Path file = dir.resolve("pull.json");
        JSON.writeValue(file.toFile(), pull);
        return file;
    }

    private CommandLineTest.Run fromBody(String body) throws IOException {
        return run("from-github", "--pull", pullWithBody(body).toString(), "--from-body", "--role", "selam=TECH_LEAD",
                "--role", "selam=CEO");
    }

    private DeploymentRequest read(String body) throws IOException {
        CommandLineTest.Run run = fromBody(body);
        assertEquals(0, run.exit(), run.err());
        return (DeploymentRequest) PolicyJson.readRequest(run.out());
    }

    @Test
    void tickedItemsAreTrueUntickedFalseAndUnlistedUnknown() throws IOException {
        DeploymentRequest request = read("""
                ## Checklist
                - [X] SECURITY SCAN COMPLETED
                * [ ] Staging verified on 2026-11-23
                + [x] Database migrations reviewed by @yonas
                - [x] All automated tests pass
                - [x] Something the workflow does not list
                """);
        assertEquals(new Checklist(Optional.of(true), OptionalInt.empty(), Optional.of(false), Optional.of(true),
                Optional.empty()), request.checklist());
    }

    @Test
    void noCriticalVulnerabilitiesTickedIsZeroAndUntickedIsUnknown() throws IOException {
        assertEquals(OptionalInt.of(0), read("- [x] No critical vulnerabilities").checklist().criticalVulnerabilities());
        assertEquals(OptionalInt.empty(), read("- [ ] No critical vulnerabilities").checklist().criticalVulnerabilities());
    }

    @Test
    void anItemMustStartWithTheWorkflowsWords() throws IOException {
        assertEquals(Checklist.UNKNOWN, read("""
                - [x] Security scan completedness is a myth
                - [x] The rollback plan documented somewhere
                - Security scan completed
                """).checklist());
    }

    @Test
    void aVerbalApprovalLineMayNameTheCommitAndEndWithAFullStop() throws IOException {
        DeploymentRequest request = read("""
                - Verbal approval: @selam (CEO) by Slack at #incidents at 2026-11-28T20:02:00Z on 4be1a2c.
                """);
        assertEquals(List.of(new Approval("selam", "CEO", Verdict.APPROVED, Optional.of("4be1a2c"), Channel.VERBAL,
                Optional.of("PR #298 description: Verbal approval: @selam (CEO) by Slack at #incidents at "
                        + "2026-11-28T20:02:00Z on 4be1a2c."), Optional.of(OffsetDateTime.parse("2026-11-28T20:02:00Z")))),
                request.approvals());
    }

    @Test
    void htmlCommentsAndCodeBlocksAreNotRead() throws IOException {
        DeploymentRequest request = read("""
                <!-- Tick what is done:
                - [x] Security scan completed
                Verbal approval: @login (TECH_LEAD) by phone at TIME -->
                ```
                Verbal approval: @selam (TECH_LEAD) by phone at 2026-11-28T23:02:00+03:00
                - [x] Rollback plan documented
                ```
                <!-- one line --> - [ ] Staging tested successfully
                """);
        assertEquals(List.of(), request.approvals());
        assertEquals(new Checklist(null, null, Optional.of(false), null, null), request.checklist());
    }

    @Test
    void aMalformedVerbalApprovalOrAnItemListedTwiceIsAnErrorNamingTheLine() throws IOException {
        CommandLineTest.Run run = fromBody("""
                Verbal approval: selam said yes on the phone
                Verbal approval: @selam (TECH_LEAD) by phone at 23:02

                - [x] Rollback plan documented\r
                - [ ] Rollback plan documented
                """);
        assertEquals(3, run.exit());
        Path pull = dir.resolve("pull.json");
        assertEquals(List.of(
                pull + ": $.body line 1: a verbal approval reads \"Verbal approval: @LOGIN (ROLE) by MEANS at TIME "
                        + "[on COMMIT]\"; was \"Verbal approval: selam said yes on the phone\"",
                pull + ": $.body line 2: the time of a verbal approval must be a time with an offset, like "
                        + "2026-11-24T10:30:00+03:00 (seconds and a fraction optional; Z or +hh:mm); was \"23:02\"",
                pull + ": $.body line 5: the checklist item \"Rollback plan documented\" is already on line 4"),
                run.err().lines().toList());
        assertEquals("", run.out());
    }

    @Test
    void theTimeOfAVerbalApprovalHasAFullOffset() throws IOException {
        CommandLineTest.Run run = fromBody("Verbal approval: @selam (TECH_LEAD) by phone at 2026-11-28T23:02:00+03");
        assertEquals(3, run.exit());
        assertEquals(dir.resolve("pull.json") + ": $.body line 1: the time of a verbal approval must be a time with an "
                + "offset, like 2026-11-24T10:30:00+03:00 (seconds and a fraction optional; Z or +hh:mm); was "
                + "\"2026-11-28T23:02:00+03\"", run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void anEmptyDescriptionRecordsNothing() throws IOException {
        ObjectNode pull = (ObjectNode) JSON.readTree(FromGitHubCommandTest.GITHUB.resolve("release-pull.json").toFile());
        pull.putNull("body");
        Path file = dir.resolve("no-body.json");
        JSON.writeValue(file.toFile(), pull);
        CommandLineTest.Run run = run("from-github", "--pull", file.toString(), "--from-body");
        assertEquals(0, run.exit(), run.err());
        assertEquals(Checklist.UNKNOWN, ((DeploymentRequest) PolicyJson.readRequest(run.out())).checklist());
    }
}
