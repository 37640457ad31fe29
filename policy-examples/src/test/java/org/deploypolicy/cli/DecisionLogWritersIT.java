package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several {@code evaluate --log L} processes started at once append to one sound chain. */
class DecisionLogWritersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLES = List.of("friday-feature", "normal-tuesday-release",
            "breaking-change-pending-ceo", "rollback-api-errors", "critical-fix-friday", "rollback-payment-failures");

    @TempDir
    Path dir;

    @Test
    void processesStartedAtOnceWriteOneChain() throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        Path cache = dir.resolve("cache");
        List<JarProcess> processes = new ArrayList<>();
        for (String sample : SAMPLES) {
            processes.add(JarProcess.start(cache, "evaluate", "samples/" + sample + ".json", "--format", "json",
                    "--log", log.toString()));
        }
        List<String> decided = new ArrayList<>();
        for (JarProcess process : processes) {
            JarProcess.Run run = process.finish();
            assertEquals("", run.err());
            assertTrue(run.exit() <= 2, run::toString);
            decided.add(JSON.readTree(run.out()).get("requestId").asText());
        }

        JarProcess.Run audit = JarProcess.run(cache, "audit", log.toString());

        assertEquals(0, audit.exit(), audit.err());
        assertTrue(audit.out().startsWith("OK: " + SAMPLES.size() + " lines, last hash sha256:"), audit.out());
        List<String> lines = Files.readAllLines(log);
        List<String> logged = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertEquals(i + 1, line.get("seq").asInt(), lines.get(i));
            logged.add(line.get("decision").get("requestId").asText());
        }
        assertEquals(decided.stream().sorted().toList(), logged.stream().sorted().toList(),
                "every decision printed is logged, once");
    }
}
