package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.server.DecisionServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy-policy report} over two logs of one period, one written by {@code evaluate --log} and one by the
 * HTTP service (with a line that keeps its request's digest only), merged by time and checked against golden files
 * in Markdown and CSV; then periods, broken logs, lines that are not decisions, and usage errors.
 *
 * <p>The logs are written afresh by each run, so the golden files mask what changes from run to run: the logs'
 * directory, the log's last hash, the policy version (every {@code sha256:}) and the times done lines were recorded.
 */
class AuditorReportTest {
    private static final Path REPORT = Path.of("src/test/resources/report");
    private static final String POLICY = REPORT.resolve("policy").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path cli;
    static Path service;

    /**
     * Two replicas' logs of one week, written in the order of the requests' times, so that merging by the time
     * lines were written lists them by date: deployments from the command line, rollbacks from the service.
     */
    @BeforeAll
    static void writeLogs() throws Exception {
        cli = dir.resolve("cli.jsonl");
        service = dir.resolve("service.jsonl");
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(Path.of(POLICY), "127.0.0.1", 0, 2,
                DecisionLog.toFile(service), List.of(), false, false, Duration.ZERO, false, false, null))) {
            evaluate("samples/normal-tuesday-release.json");
            post(server, "samples/rollback-api-errors.json");
            evaluate("samples/breaking-change-pending-ceo.json");
            post(server, "samples/rollback-payment-failures.json");
            evaluate(REPORT.resolve("staging-deploy.json").toString(), "--at", "2026-11-25T16:00:00+03:00");
            post(server, "samples/rollback-security-incident.json");
            DeploymentPolicy digestsOnly = PolicyOption.build(Path.of(POLICY),
                    DecisionLog.toFile(service, DecisionLog.Contents.DIGESTS_ONLY));
            digestsOnly.evaluate(digestsOnly.readRequest(Files.readString(Path.of("samples/rollback-customer-bug.json"))));
            evaluate("samples/friday-feature.json");
            post(server, "samples/critical-fix-friday.json");
            evaluate(REPORT.resolve("friday-launch-waived.json").toString());
            evaluate("samples/p1-hotfix-saturday-night.json");
        }
        DecisionHistory.appendDone(cli, "DEP-1040", "obligation.monitoring", "selam",
                Optional.of("dashboards green for 30 minutes"));
    }

    private static void evaluate(String request, String... more) {
        List<String> args = new ArrayList<>(List.of("evaluate", request, "--policy", POLICY, "--log", cli.toString()));
        args.addAll(List.of(more));
        CommandLineTest.Run run = CommandLineTest.run(args.toArray(String[]::new));
        assertTrue(run.exit() <= 2, run.err());
    }

    private static void post(DecisionServer server, String request) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.address()
                        .resolve("v1/decisions")).POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(request))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private static CommandLineTest.Run report(String... args) {
        List<String> all = new ArrayList<>(List.of("report"));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(String[]::new));
    }

    /** The report with what changes from run to run masked. */
    private static String masked(String report, Path... logs) {
        String text = report.replace(dir + "/", "");
        for (Path log : logs) {
            text = text.replace(DecisionLog.audit(log).lastHash(), "sha256:LAST-HASH-OF-" + log.getFileName());
        }
        return text.replaceAll("sha256:[0-9a-f]{64}", "sha256:VERSION")
                .replaceAll("recorded \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} [A-Z]+", "recorded (time)");
    }

    @Test
    void theMarkdownReportIsTheOneChecked() throws IOException {
        CommandLineTest.Run run = report(cli.toString(), service.toString(), "--policy", POLICY);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        Golden.assertMatches("report-two-logs.md", masked(run.out(), cli, service));
    }

    @Test
    void theCsvReportIsTheOneChecked() throws IOException {
        CommandLineTest.Run run = report(cli.toString(), service.toString(), "--policy", POLICY, "--format", "csv");
        assertEquals(0, run.exit(), run.err());
        Golden.assertMatches("report-two-logs.csv", masked(run.out(), cli, service));
        assertEquals(List.of(cli + ": sound, 7 lines, last hash " + DecisionLog.audit(cli).lastHash(),
                service + ": sound, 5 lines, last hash " + DecisionLog.audit(service).lastHash()), run.err().lines().toList());
    }

    @Test
    void twoLogsMergeByTheTimeTheirLinesWereWritten() {
        CommandLineTest.Run run = report(cli.toString(), service.toString(), "--format", "csv");
        List<String> requests = run.out().lines().skip(1).map(line -> line.split(",")[4]).toList();
        assertEquals(List.of("DEP-1040", "RB-77", "DEP-1043", "RB-78", "RB-79", "RB-80", "DEP-1041", "DEP-1044",
                "DEP-1045", "DEP-1042"), requests, run.out());
        List<String> logs = run.out().lines().skip(1).map(line -> Path.of(line.split(",")[0]).getFileName().toString())
                .distinct().toList();
        assertEquals(List.of("cli.jsonl", "service.jsonl"), logs);
    }

    @Test
    void theHeaderGivesEachLogsAuditAsAuditDoes() {
        String markdown = report(cli.toString(), service.toString()).out();
        for (Path log : List.of(cli, service)) {
            DecisionLog.Audit audit = DecisionLog.audit(log);
            assertTrue(markdown.contains("| " + log + " | " + audit.goodLines() + " | " + audit.lastHash() + " | sound |"),
                    markdown);
        }
    }

    @Test
    void withoutAPolicyPeopleAppearById() {
        CommandLineTest.Run run = report(cli.toString(), "--format", "csv");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(",DEP-1040,deployment,abebe,APPROVED,Tech Lead: selam,"), run.out());
        assertFalse(run.out().contains("Selam Tesfaye"), run.out());
        assertTrue(report(cli.toString()).out().contains("people by id: it has no roster"));
    }

    @Test
    void aPeriodKeepsTheDecisionsOfItsLocalDatesOnly() {
        CommandLineTest.Run run = report(cli.toString(), service.toString(), "--from", "2026-11-25", "--to", "2026-11-26",
                "--format", "csv");
        assertEquals(0, run.exit(), run.err());
        List<String> dates = run.out().lines().skip(1).map(line -> line.split(",")[2]).toList();
        assertEquals(List.of("2026-11-25", "2026-11-25", "2026-11-26", "2026-11-26"), dates, run.out());
        String markdown = report(cli.toString(), service.toString(), "--from", "2026-11-25", "--to", "2026-11-25").out();
        assertTrue(markdown.contains("**Period:** 2026-11-25 to 2026-11-25, both included"), markdown);
        assertTrue(markdown.contains("2 decisions in the period: 1 production deployment, 1 rollback, 0 whose request "
                + "was not kept (digest only); 1 that is not a production deployment left out."), markdown);
        assertTrue(markdown.contains("No production deployment was approved in the period."), markdown);
    }

    @Test
    void toBeforeFromIsAUsageErrorNamingBoth() {
        CommandLineTest.Run run = report(cli.toString(), "--from", "2026-11-27", "--to", "2026-11-26");
        assertEquals(64, run.exit());
        assertTrue(run.err().startsWith("--to 2026-11-26 is before --from 2026-11-27"), run.err());
        assertEquals(64, report(cli.toString(), "--from", "last week").exit());
        assertEquals(64, report(cli.toString(), "--format", "pdf").exit());
        assertEquals(64, report(cli.toString(), cli.toString()).exit());
    }

    @Test
    void aLogThatIsMissingIsUnreadable() {
        CommandLineTest.Run run = report(dir.resolve("gone.jsonl").toString());
        assertEquals(3, run.exit());
        assertTrue(run.err().startsWith(dir.resolve("gone.jsonl") + ": "), run.err());
    }

    @Test
    void aBrokenLogIsRefusedAndWithAllowBrokenReportedMarkedFromItsBreak() throws IOException {
        Path broken = copy(cli, "edited.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(broken));
        lines.set(1, lines.get(1).replace("Refunds", "Refuds"));
        Files.write(broken, lines);

        CommandLineTest.Run refused = report(broken.toString());
        assertEquals(3, refused.exit());
        assertTrue(refused.err().startsWith(broken + ":2: edited: its hash does not match its content\n"), refused.err());
        assertTrue(refused.err().contains("--allow-broken"), refused.err());

        CommandLineTest.Run allowed = report(broken.toString(), "--allow-broken");
        assertEquals(0, allowed.exit(), allowed.err());
        assertTrue(allowed.out().contains("| 1 | " + DecisionLog.audit(broken).lastHash()
                + " | broken at line 2: edited: its hash does not match its content |"), allowed.out());
        assertTrue(allowed.out().contains("From " + broken + ":1.\n"), allowed.out());
        assertTrue(allowed.out().contains("From " + broken + ":5, after its log's break.\n"), allowed.out());
        List<String> rows = report(broken.toString(), "--allow-broken", "--format", "csv").out().lines().skip(1).toList();
        assertEquals(List.of("", "after the break", "after the break", "after the break", "after the break"), rows.stream().map(row -> row.endsWith(",") ? "" : row.substring(row.lastIndexOf(',') + 1))
                .toList(), String.join("\n", rows));
    }

    @Test
    void aLineThatIsNotALogLineIsNamedByFileAndLine() throws IOException {
        Path log = copy(cli, "garbled.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add(1, "deploy DEP-1050 approved by selam");
        Files.write(log, lines);

        CommandLineTest.Run refused = report(log.toString());
        assertEquals(3, refused.exit());
        assertTrue(refused.err().startsWith(log + ":2: not JSON: "), refused.err());

        CommandLineTest.Run allowed = report(log.toString(), "--allow-broken");
        assertEquals(0, allowed.exit(), allowed.err());
        assertTrue(allowed.out().contains("Past a break, not used:\n- " + log + ":2: not JSON: "), allowed.out());
    }

    @Test
    void aChainedLineThatIsNoDecisionIsRefusedEvenWithAllowBroken() throws IOException {
        Path log = copy(cli, "forged.jsonl");
        DecisionLog.Audit audit = DecisionLog.audit(log);
        ObjectNode line = JSON.createObjectNode().put("seq", audit.goodLines() + 1).put("time", "2026-11-29T08:00:00Z")
                .put("note", "deploy DEP-1050 approved by selam").put("prev", audit.lastHash());
        line.put("hash", "sha256:" + sha256(JSON.writeValueAsString(line)));
        Files.writeString(log, JSON.writeValueAsString(line) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertTrue(DecisionLog.audit(log).sound());

        CommandLineTest.Run run = report(log.toString(), "--allow-broken");
        assertEquals(3, run.exit());
        assertEquals(log + ":" + (audit.goodLines() + 1) + ": not a decision or a done line of a decision log\n",
                run.err());
    }

    @Test
    void aDoneLineForARequestOrObligationTheLogDoesNotHaveIsNamed() throws IOException {
        Path unknownRequest = copy(cli, "done-unknown-request.jsonl");
        DecisionHistory.appendDone(unknownRequest, "DEP-9999", "obligation.monitoring", "selam", Optional.empty());
        CommandLineTest.Run run = report(unknownRequest.toString());
        assertEquals(3, run.exit());
        assertEquals(unknownRequest + ":8: done for request DEP-9999, which no decision in the log has\n", run.err());

        Path unknownRule = copy(cli, "done-unknown-rule.jsonl");
        DecisionHistory.appendDone(unknownRule, "DEP-1040", "hotfix.post-incident", "selam", Optional.empty());
        run = report(unknownRule.toString());
        assertEquals(3, run.exit());
        assertEquals(unknownRule + ":8: done for hotfix.post-incident, which is not an obligation of request DEP-1040's "
                + "decision\n", run.err());
    }

    @Test
    void aDigestOnlyLineIsListedWithWhatItsDecisionSaysAndGetsNoRecord() {
        CommandLineTest.Run csv = report(service.toString(), "--policy", POLICY, "--format", "csv");
        String row = csv.out().lines().filter(line -> line.contains(",RB-80,")).findFirst().orElseThrow();
        assertTrue(row.contains(",2026-11-26,2026-11-26T15:00:00+03:00,RB-80,unknown,unknown,APPROVED,"
                + "\"Tech Lead: Selam Tesfaye (selam, @selam on Slack)\",,alga-audit,"), row);
        assertTrue(row.endsWith(",request not kept (digest only)"), row);
        String markdown = report(service.toString(), "--policy", POLICY).out();
        assertTrue(markdown.contains(":4: RB-80 was approved, but its request was not kept (digest only): no record "
                + "can be written.\n"), markdown);
    }

    @Test
    void theJsonReportHoldsTheLogsTheDecisionsAndTheRecords() throws IOException {
        CommandLineTest.Run run = report(cli.toString(), service.toString(), "--policy", POLICY, "--format", "json");
        assertEquals(0, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(List.of(cli.toString(), service.toString()), report.get("logs").findValuesAsText("file"));
        assertEquals(DecisionLog.audit(service).lastHash(), report.at("/logs/1/lastHash").asText());
        assertEquals(10, report.get("decisions").size());
        assertEquals(1, report.at("/counts/leftOut").asInt());
        JsonNode waived = report.get("decisions").get(8);
        assertEquals("DEP-1045", waived.get("requestId").asText());
        assertEquals("window.friday", waived.at("/waivers/0/rule").asText());
        assertEquals("Meron Alemu", waived.at("/waivers/0/by/name").asText());
        assertEquals("Selam Tesfaye", waived.at("/approvals/0/satisfiedBy/name").asText());
        JsonNode record = report.get("records").get(waived.get("record").asInt());
        assertEquals("DEP-1045", record.get("requestId").asText());
        assertTrue(record.get("markdown").asText().startsWith("## Production Deployment Approval\n"), record.toString());
        JsonNode digestOnly = report.get("decisions").get(5);
        assertFalse(digestOnly.get("requestKept").asBoolean());
        assertTrue(digestOnly.get("kind").isNull());
        assertTrue(report.get("records").get(digestOnly.get("record").asInt()).get("markdown").isNull());
        assertEquals("dashboards green for 30 minutes", report.at("/decisions/0/done/0/evidence").asText());
    }

    private static Path copy(Path log, String name) throws IOException {
        return Files.copy(log, dir.resolve(name));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
