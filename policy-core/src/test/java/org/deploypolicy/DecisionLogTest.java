package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log: every decision a line, chained by hashes, so that any edit, move or cut shows. */
class DecisionLogTest {

    private static Path logOf(Path dir, int decisions) {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy policy = DeploymentPolicy.builder().classpath("core-test")
                .decisionLog(DecisionLog.toFile(file)).build();
        for (int i = 0; i < decisions; i++) {
            policy.evaluate(Requests.deployment());
        }
        return file;
    }

    private static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    @Test
    void everyDecisionIsALineNamingItsRequestPolicyAndTime(@TempDir Path dir) throws IOException {
        Path file = logOf(dir, 3);
        List<String> lines = lines(file);
        assertEquals(3, lines.size());
        JsonNode first = Requests.JSON.readTree(lines.get(0));
        assertEquals(1, first.get("seq").asInt());
        assertTrue(first.get("requestDigest").asText().matches("sha256:[0-9a-f]{64}"));
        assertEquals(TestPolicies.core().id().version(), first.get("policy").get("version").asText());
        assertEquals(Requests.deployment().id(), first.get("decision").get("requestId").asText());
        assertEquals("sha256:" + "0".repeat(64), first.get("prev").asText());
        assertEquals(first.get("hash").asText(), Requests.JSON.readTree(lines.get(1)).get("prev").asText());
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertTrue(audit.sound());
        assertEquals(3, audit.goodLines());
        assertEquals(Requests.JSON.readTree(lines.get(2)).get("hash").asText(), audit.lastHash());
    }

    @Test
    void theSameRequestHasTheSameDigest(@TempDir Path dir) throws IOException {
        List<String> lines = lines(logOf(dir, 2));
        assertEquals(Requests.JSON.readTree(lines.get(0)).get("requestDigest"),
                Requests.JSON.readTree(lines.get(1)).get("requestDigest"));
    }

    @Test
    void anEditedLineIsNamed(@TempDir Path dir) throws IOException {
        Path file = logOf(dir, 4);
        List<String> lines = lines(file);
        lines.set(2, lines.get(2).replace("\"outcome\":\"", "\"outcome\":\"X"));
        write(file, lines);
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertEquals(3, audit.brokenLine());
        assertEquals(2, audit.goodLines());
        assertTrue(audit.problem().startsWith("edited"), audit.problem());
    }

    @Test
    void aMovedOrDeletedLineBreaksTheChain(@TempDir Path dir) throws IOException {
        Path file = logOf(dir, 4);
        List<String> lines = lines(file);
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(1, lines.get(2));
        swapped.set(2, lines.get(1));
        write(file, swapped);
        assertEquals(2, DecisionLog.audit(file).brokenLine());
        List<String> cut = new ArrayList<>(lines);
        cut.remove(1);
        write(file, cut);
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertEquals(2, audit.brokenLine());
        assertTrue(audit.problem().startsWith("out of chain"), audit.problem());
    }

    @Test
    void aDeletedLastLineShowsAgainstTheCountAndHashKept(@TempDir Path dir) throws IOException {
        Path file = logOf(dir, 4);
        DecisionLog.Audit kept = DecisionLog.audit(file);
        List<String> lines = lines(file);
        write(file, lines.subList(0, 3));
        assertTrue(DecisionLog.audit(file).sound());
        DecisionLog.Audit against = DecisionLog.audit(file, kept.goodLines(), kept.lastHash());
        assertEquals(4, against.brokenLine());
        assertTrue(against.problem().startsWith("missing"), against.problem());
        write(file, lines);
        assertTrue(DecisionLog.audit(file, kept.goodLines(), kept.lastHash()).sound());
    }

    @Test
    void aWriteCutShortLeavesATornLastLine(@TempDir Path dir) throws IOException {
        Path file = logOf(dir, 3);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertEquals(3, audit.brokenLine());
        assertTrue(audit.problem().startsWith("torn"), audit.problem());
        IoFailedException refused = assertThrows(IoFailedException.class, () -> DecisionLog.toFile(file));
        assertEquals(file + ": cannot continue the decision log: line 3: torn: the last line is incomplete "
                + "(a write was cut short)", refused.getMessage());
    }

    @Test
    void aLogReopenedContinuesItsChain(@TempDir Path dir) {
        Path file = logOf(dir, 2);
        logOf(dir, 2);
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertTrue(audit.sound(), audit.problem());
        assertEquals(4, audit.goodLines());
    }

    @Test
    void threadsWritingAtOnceKeepTheChainWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy policy = DeploymentPolicy.builder().classpath("core-test")
                .decisionLog(DecisionLog.toFile(file)).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            pool.submit(() -> policy.evaluate(Requests.deployment()));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        DecisionLog.Audit audit = DecisionLog.audit(file);
        assertTrue(audit.sound(), audit.problem());
        assertEquals(200, audit.goodLines());
    }
}
