package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deploypolicy.DecisionLog;
import org.deploypolicy.server.DecisionServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diff} over decision logs: each logged request decided again at the time it was decided, under a policy that
 * makes Friday emergency-only, against what the log recorded; a log written by the command line and one written by
 * the service.
 */
class DiffReplayTest {
    @TempDir
    static Path dir;
    private static Path fridayOff;
    private static Path cliLog;
    private static Path serviceLog;

    @BeforeAll
    static void logs() throws Exception {
        fridayOff = DiffCommandTest.writeFridayOff(Files.createDirectories(dir.resolve("friday-emergency-only")));
        cliLog = dir.resolve("cli.jsonl");
        for (String sample : List.of("normal-tuesday-release", "critical-fix-friday", "friday-feature",
                "p1-hotfix-saturday-night", "rollback-security-incident")) {
            CommandLineTest.run("evaluate", "samples/" + sample + ".json", "--log", cliLog.toString());
        }
        serviceLog = dir.resolve("service.jsonl");
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 1,
                DecisionLog.toFile(serviceLog)))) {
            HttpClient client = HttpClient.newHttpClient();
            for (String sample : List.of("critical-fix-friday", "breaking-change-pending-ceo")) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(server.address().resolve("v1/decisions"))
                        .POST(HttpRequest.BodyPublishers.ofFile(Path.of("samples", sample + ".json"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), answer.body());
            }
        }
    }

    @Test
    void exactlyTheFridayProductionDeploysOfBothLogsChange() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), cliLog.toString(),
                serviceLog.toString());

        assertEquals(1, diff.exit(), diff.err());
        assertEquals(List.of(
                cliLog + ":2 (DEP-1044): APPROVED -> REJECTED",
                "  + window.weekend BLOCK",
                cliLog + ":3 (DEP-1041): REJECTED, findings changed",
                "  - window.friday BLOCK",
                "  + window.weekend BLOCK",
                serviceLog + ":1 (DEP-1044): APPROVED -> REJECTED",
                "  + window.weekend BLOCK",
                "7 inputs, 3 changed: 2 newly rejected, 0 newly approved, 0 newly pending, 1 findings only",
                // DEP-1044, logged twice, is one deploy, counted by its last decision
                "5 production deploys: 1 would have been blocked, 0 let through (against what the logs recorded)"),
                diff.out().lines().toList());
    }

    @Test
    void aPeriodPicksTheDaysOfTheLogsReplayed() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), "--from",
                "2026-11-28", "--to", "2026-11-30", cliLog.toString(), serviceLog.toString());

        assertEquals(0, diff.exit(), diff.err());
        assertEquals(List.of("1 inputs, 0 changed: 0 newly rejected, 0 newly approved, 0 newly pending, 0 findings only",
                "1 production deploy: 0 would have been blocked, 0 let through (against what the logs recorded)"),
                diff.out().lines().toList());
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsAUsageError() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), "--from",
                "2026-11-28", "--to", "2026-11-27", cliLog.toString());

        assertEquals(64, diff.exit());
        assertTrue(diff.err().startsWith("--to 2026-11-27 is before --from 2026-11-28: the period ends before it starts"),
                diff.err());
    }

    @Test
    void aDigestOnlyLineIsRefusedSayingWhy() throws IOException {
        Path digests = dir.resolve("digests.jsonl");
        CommandLineTest.run("evaluate", "samples/friday-feature.json", "--log", digests.toString(), "--log-digest-only");

        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), digests.toString());

        assertEquals(3, diff.exit(), diff.out());
        assertEquals(digests + ":1: the line keeps only its request's digest (a log kept with digests only: "
                + "--log-digest-only, DecisionLog.Contents.DIGESTS_ONLY), so its request cannot be decided again"
                + System.lineSeparator(), diff.err());
        assertTrue(!Files.readString(digests).contains("\"request\""));
    }

    @Test
    void aLogIsKnownByItsLinesWhateverItsNameAndIsReadOnce() throws IOException {
        Path named = Files.copy(cliLog, dir.resolve("decisions.log"));

        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), named.toString());
        assertEquals(1, diff.exit(), diff.err());
        assertTrue(diff.out().contains(named + ":2 (DEP-1044): APPROVED -> REJECTED"), diff.out());

        CommandLineTest.Run twice = CommandLineTest.run("diff", "--policy", fridayOff.toString(), named.toString(),
                dir.resolve(".").resolve("decisions.log").toString());
        assertEquals(64, twice.exit(), twice.out());
        assertTrue(twice.err().contains("the same decision log given twice"), twice.err());
    }

    @Test
    void digestOnlyWithoutALogIsAUsageError() {
        CommandLineTest.Run evaluate = CommandLineTest.run("evaluate", "samples/friday-feature.json", "--log-digest-only");

        assertEquals(64, evaluate.exit());
        assertTrue(evaluate.err().startsWith("--log-digest-only goes with --log FILE"), evaluate.err());
    }

    @Test
    void withABaseTheLoggedRequestsAreDecidedUnderItInstead() {
        CommandLineTest.Run diff = CommandLineTest.run("diff", "--policy", fridayOff.toString(), "--base",
                fridayOff.toString(), cliLog.toString());

        assertEquals(0, diff.exit(), diff.err());
        assertEquals(List.of("5 inputs, 0 changed: 0 newly rejected, 0 newly approved, 0 newly pending, 0 findings only",
                "4 production deploys: 0 would have been blocked, 0 let through (against " + fridayOff + ")"),
                diff.out().lines().toList());
    }

}
