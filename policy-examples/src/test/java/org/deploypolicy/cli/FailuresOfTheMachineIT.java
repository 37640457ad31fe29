package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the jar, run as a process, says when the machine fails it: exit 74 and the file or address with the
 * system's reason, and no decision that was not recorded. A file to read that is missing stays exit 3, an option
 * out of range 64.
 */
class FailuresOfTheMachineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A request the reference policy approves: only a recorded decision may say so. */
    private static final String APPROVED = "samples/normal-tuesday-release.json";

    @TempDir
    Path dir;

    private JarProcess.Run run(String... args) throws Exception {
        return JarProcess.run(dir.resolve("cache"), args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "markdown"})
    void aLogInAMissingDirectoryPrintsNoDecisionOnlyTheError(String format) throws Exception {
        Path log = dir.resolve("missing").resolve("x.jsonl");

        JarProcess.Run run = run("evaluate", APPROVED, "--format", format, "--log", log.toString());

        assertEquals(74, run.exit(), run::toString);
        assertEquals("", run.out());
        assertEquals(log + ": cannot write the decision log: no such directory" + System.lineSeparator(), run.err());
    }

    @Test
    void aLogInAMissingDirectoryIsTheJsonErrorObjectWithFormatJson() throws Exception {
        Path log = dir.resolve("missing").resolve("x.jsonl");

        JarProcess.Run run = run("evaluate", APPROVED, "--format", "json", "--log", log.toString());

        assertEquals(74, run.exit(), run::toString);
        Schemas.assertValid(Schemas.ERROR, run.out());
        JsonNode error = JSON.readTree(run.out());
        assertEquals("IO_FAILED", error.get("error").asText());
        assertEquals(log.toString(), error.get("problems").get(0).get("file").asText());
        assertEquals("cannot write the decision log: no such directory",
                error.get("problems").get(0).get("message").asText());
        assertFalse(run.out().contains("outcome"), run.out());
        assertEquals(log + ": cannot write the decision log: no such directory" + System.lineSeparator(), run.err());
    }

    @Test
    void aDirectoryGivenAsTheLogIsExit74NamingIt() throws Exception {
        JarProcess.Run run = run("evaluate", APPROVED, "--log", dir.toString());

        assertEquals(74, run.exit(), run::toString);
        assertEquals("", run.out());
        assertEquals(dir + ": cannot read the decision log: is a directory" + System.lineSeparator(), run.err());
    }

    @Test
    void aPortInUseIsExit74NamingTheAddressAndTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JarProcess.Run run = run("serve", "--port", String.valueOf(taken.getLocalPort()));

            assertEquals(74, run.exit(), run::toString);
            assertEquals("", run.out());
            assertEquals("127.0.0.1:" + taken.getLocalPort() + ": cannot serve: address already in use"
                    + System.lineSeparator(), run.err());
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() throws Exception {
        JarProcess.Run run = run("serve", "--port", "99999");

        assertEquals(64, run.exit(), run::toString);
        assertTrue(run.err().startsWith("Invalid value for option '--port': must be a port in 0..65535; was 99999"),
                run.err());
    }

    @Test
    void noWorkersIsAUsageError() throws Exception {
        JarProcess.Run run = run("serve", "--workers", "0");

        assertEquals(64, run.exit(), run::toString);
        assertTrue(run.err().startsWith("Invalid value for option '--workers': must be at least 1; was 0"), run.err());
    }

    @Test
    void auditingALogThatDoesNotExistIsExit3() throws Exception {
        Path log = dir.resolve("no-such.jsonl");

        JarProcess.Run run = run("audit", log.toString());

        assertEquals(3, run.exit(), run::toString);
        assertEquals("", run.out());
        assertEquals(log + ": cannot read the decision log: no such file" + System.lineSeparator(), run.err());
    }

    @Test
    void auditingAnEmptyLogIsSound() throws Exception {
        Path log = Files.createFile(dir.resolve("empty.jsonl"));

        JarProcess.Run run = run("audit", log.toString());

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().startsWith("OK: 0 lines"), run.out());
    }
}
