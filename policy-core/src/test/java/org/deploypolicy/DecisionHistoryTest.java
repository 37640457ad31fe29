package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decision log read back: the requests it decided, its decisions as made, and obligations marked done. */
class DecisionHistoryTest {

    private static Path logOf(Path file, DecisionLog.Contents contents, PolicyRequest... requests) {
        DeploymentPolicy policy = DeploymentPolicy.builder().classpath("core-test")
                .decisionLog(DecisionLog.toFile(file, contents)).build();
        for (PolicyRequest request : requests) {
            policy.evaluate(request);
        }
        return file;
    }

    @Test
    void aLogGivesBackEachRequestAsReadAndItsDecisionAsMade(@TempDir Path dir) {
        DeploymentRequest deployment = Requests.deployment();
        RollbackRequest rollback = Requests.rollback(IncidentType.SECURITY_INCIDENT);
        Path file = logOf(dir.resolve("decisions.jsonl"), DecisionLog.Contents.REQUESTS, deployment, rollback);

        DecisionHistory.Log log = DecisionHistory.read(file);

        assertTrue(log.audit().sound());
        assertEquals(List.of(), log.problems());
        assertEquals(2, log.entries().size());
        DecisionHistory.Decided first = (DecisionHistory.Decided) log.entries().get(0);
        assertEquals(PolicyJson.toJson(deployment), PolicyJson.toJson(first.request().orElseThrow()));
        assertEquals(TestPolicies.core().evaluate(deployment), first.decision());
        assertEquals(deployment.at().orElseThrow(), first.decidedAt());
        assertEquals(file + ":1", first.where());
        DecisionHistory.Decided second = (DecisionHistory.Decided) log.entries().get(1);
        assertEquals(PolicyJson.toJson(rollback), PolicyJson.toJson(second.request().orElseThrow()));
    }

    @Test
    void aLineKeepsItsFieldsInTheContractsOrderAndItsDigestIsThatOfTheRequestItKeeps(@TempDir Path dir)
            throws IOException {
        Path file = logOf(dir.resolve("decisions.jsonl"), DecisionLog.Contents.REQUESTS, Requests.deployment());
        DecisionHistory.appendDone(file, Requests.deployment().id(), "obligation.monitoring", "selam", Optional.empty());
        List<String> lines = Files.readAllLines(file);

        com.fasterxml.jackson.databind.JsonNode decided = Requests.JSON.readTree(lines.get(0));
        List<String> fields = new java.util.ArrayList<>();
        decided.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("seq", "time", "requestDigest", "request", "policy", "decision", "prev", "hash"), fields);
        String request = Requests.JSON.writeValueAsString(decided.get("request"));
        java.security.MessageDigest sha256 = uncheckedSha256();
        assertEquals("sha256:" + java.util.HexFormat.of().formatHex(sha256.digest(request.getBytes(
                java.nio.charset.StandardCharsets.UTF_8))), decided.get("requestDigest").asText());

        com.fasterxml.jackson.databind.JsonNode done = Requests.JSON.readTree(lines.get(1));
        fields.clear();
        done.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("seq", "time", "done", "prev", "hash"), fields);
        assertEquals("{\"requestId\":\"" + Requests.deployment().id() + "\",\"rule\":\"obligation.monitoring\","
                + "\"by\":\"selam\",\"evidence\":null}", Requests.JSON.writeValueAsString(done.get("done")));
    }

    private static java.security.MessageDigest uncheckedSha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDigestOnlyLogKeepsNoRequest(@TempDir Path dir) throws IOException {
        Path file = logOf(dir.resolve("digests.jsonl"), DecisionLog.Contents.DIGESTS_ONLY, Requests.deployment());

        assertFalse(Files.readString(file).contains("\"request\""));
        DecisionHistory.Decided only = (DecisionHistory.Decided) DecisionHistory.read(file).entries().get(0);
        assertEquals(Optional.empty(), only.request());
        assertTrue(only.requestDigest().matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    void aDoneLineIsChainedAndReadBack(@TempDir Path dir) {
        Path file = logOf(dir.resolve("decisions.jsonl"), DecisionLog.Contents.REQUESTS, Requests.deployment());

        DecisionHistory.appendDone(file, Requests.deployment().id(), "obligation.monitoring", "selam",
                Optional.of("dashboards green for 30 minutes"));

        DecisionHistory.Log log = DecisionHistory.read(file);
        assertTrue(log.audit().sound(), log.audit()::toString);
        assertEquals(2, log.audit().goodLines());
        DecisionHistory.Done done = (DecisionHistory.Done) log.entries().get(1);
        assertEquals(new DecisionHistory.Done(file, 2, done.time(), Requests.deployment().id(),
                "obligation.monitoring", "selam", Optional.of("dashboards green for 30 minutes")), done);
    }

    @Test
    void aDecisionThatDoesNotReadIsNamedByItsField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("edited.jsonl");
        Files.writeString(file, Files.readString(logOf(dir.resolve("decisions.jsonl"), DecisionLog.Contents.REQUESTS,
                Requests.deployment())).replace("\"outcome\":\"", "\"outcome\":\"MAYBE-"));

        DecisionHistory.Log log = DecisionHistory.read(file);

        assertEquals(1, log.problems().size(), log.problems().toString());
        assertTrue(log.problems().get(0).toString().startsWith(file + ":1: its decision cannot be read: "
                + "decision.outcome: must be one of APPROVED, PENDING, REJECTED; was \"MAYBE-"),
                log.problems().get(0).toString());
    }

    @Test
    void aLineThatIsNeitherIsAProblemNamingItsFileAndLine(@TempDir Path dir) throws IOException {
        Path file = logOf(dir.resolve("decisions.jsonl"), DecisionLog.Contents.REQUESTS, Requests.deployment());
        Files.writeString(file, "{\"time\": \"2026-11-24T07:30:00Z\", \"hello\": 1}\n",
                java.nio.file.StandardOpenOption.APPEND);

        DecisionHistory.Log log = DecisionHistory.read(file);

        assertFalse(log.audit().sound());
        assertEquals(List.of(new DecisionHistory.LineProblem(file, 2, "not a decision or a done line of a decision log")),
                log.problems());
        assertEquals(file + ":2: not a decision or a done line of a decision log", log.problems().get(0).toString());
        assertEquals(1, log.entries().size());
    }

    @Test
    void logsMergeByTheTimeTheirLinesWereWritten(@TempDir Path dir) throws InterruptedException {
        Path one = logOf(dir.resolve("one.jsonl"), DecisionLog.Contents.REQUESTS, Requests.deployment());
        Thread.sleep(5);
        Path two = logOf(dir.resolve("two.jsonl"), DecisionLog.Contents.REQUESTS, Requests.deployment());
        Thread.sleep(5);
        DecisionHistory.appendDone(one, Requests.deployment().id(), "obligation.monitoring", "selam", Optional.empty());

        List<DecisionHistory.Entry> merged = DecisionHistory.merged(List.of(DecisionHistory.read(one),
                DecisionHistory.read(two)));

        assertEquals(List.of(one + ":1", two + ":1", one + ":2"), merged.stream().map(DecisionHistory.Entry::where)
                .toList());
    }
}
