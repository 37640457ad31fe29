package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing closed on the command line, and the decision log it writes and audits. */
class ReliabilityCommandsTest {

    @Test
    void aRuleThatThrowsExitsFourNamingTheRule(@TempDir Path policy) throws IOException {
        FragilePolicy.writeTo(policy);
        CommandLineTest.Run text = CommandLineTest.run("evaluate", "samples/normal-tuesday-release.json",
                "--policy", policy.toString());
        assertEquals(4, text.exit());
        assertTrue(text.err().startsWith("rule team.fragile: "), text.err());
        CommandLineTest.Run json = CommandLineTest.run("evaluate", "samples/normal-tuesday-release.json",
                "--policy", policy.toString(), "--format", "json");
        assertEquals(4, json.exit());
        Schemas.assertValid(Schemas.ERROR, json.out());
        assertTrue(json.out().contains("\"rule\": \"team.fragile\""), json.out());
        assertTrue(json.out().contains("EVALUATION_FAILED"), json.out());
    }

    @Test
    void evaluateLogsAndAuditChecks(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("decisions.jsonl");
        for (String sample : List.of("normal-tuesday-release", "friday-feature", "breaking-change-pending-ceo")) {
            CommandLineTest.run("evaluate", "samples/" + sample + ".json", "--log", log.toString());
        }
        CommandLineTest.Run audit = CommandLineTest.run("audit", log.toString());
        assertEquals(0, audit.exit(), audit.err());
        assertTrue(audit.out().matches("OK: 3 lines, last hash sha256:[0-9a-f]{64}\\R"), audit.out());
        String lastHash = audit.out().strip().substring(audit.out().strip().lastIndexOf(' ') + 1);

        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        Files.writeString(log, String.join("\n", lines.subList(0, 2)) + "\n");
        assertEquals(0, CommandLineTest.run("audit", log.toString()).exit());
        CommandLineTest.Run cut = CommandLineTest.run("audit", log.toString(), "--count", "3", "--last", lastHash);
        assertEquals(1, cut.exit());
        assertTrue(cut.err().startsWith(log + ":3: missing"), cut.err());

        lines.set(1, lines.get(1).replace("REJECTED", "APPROVED"));
        Files.writeString(log, String.join("\n", lines) + "\n");
        CommandLineTest.Run edited = CommandLineTest.run("audit", log.toString());
        assertEquals(1, edited.exit());
        assertTrue(edited.err().startsWith(log + ":2: edited"), edited.err());
    }

    @Test
    void aLogThatCannotBeReadExitsThree(@TempDir Path dir) {
        CommandLineTest.Run audit = CommandLineTest.run("audit", dir.toString());
        assertEquals(3, audit.exit());
    }
}
