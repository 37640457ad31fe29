package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision log the machine cannot read or write is {@link IoFailedException}, naming the file and the system's
 * reason in words, never a rule's failure; and a decision that cannot be written is not returned.
 */
class DecisionLogFailuresTest {

    private static DeploymentPolicy loggingTo(Path file) {
        return DeploymentPolicy.builder().classpath("core-test").decisionLog(DecisionLog.toFile(file)).build();
    }

    private static void assertSpeaksOfTheMachine(IoFailedException error) {
        assertEquals("IO_FAILED", error.code());
        assertFalse(error.getMessage().contains("Exception") || error.getMessage().contains("java."), error.getMessage());
    }

    @Test
    void auditingAFileThatDoesNotExistIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such.jsonl");

        IoFailedException error = assertThrows(IoFailedException.class, () -> DecisionLog.audit(missing));

        assertEquals(missing + ": cannot read the decision log: no such file", error.getMessage());
        assertEquals(List.of(new IoProblem(missing.toString(), "cannot read the decision log: no such file")),
                error.problems());
        assertThrows(IoFailedException.class, () -> DecisionLog.audit(missing, 0, "sha256:" + "0".repeat(64)));
        assertSpeaksOfTheMachine(error);
    }

    @Test
    void anEmptyFileIsASoundLogOfNoLines(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));

        DecisionLog.Audit audit = DecisionLog.audit(empty);

        assertTrue(audit.sound());
        assertEquals(0, audit.goodLines());
    }

    @Test
    void aLogInADirectoryThatDoesNotExistCannotBeOpened(@TempDir Path dir) {
        Path file = dir.resolve("missing").resolve("x.jsonl");

        IoFailedException error = assertThrows(IoFailedException.class, () -> DecisionLog.toFile(file));

        assertEquals(file + ": cannot write the decision log: no such directory", error.getMessage());
        assertSpeaksOfTheMachine(error);
    }

    @Test
    void aDirectoryIsNotALog(@TempDir Path dir) {
        IoFailedException opened = assertThrows(IoFailedException.class, () -> DecisionLog.toFile(dir));
        IoFailedException audited = assertThrows(IoFailedException.class, () -> DecisionLog.audit(dir));

        assertEquals(dir + ": cannot read the decision log: is a directory", opened.getMessage());
        assertEquals(opened.getMessage(), audited.getMessage());
    }

    @Test
    void aLogWhoseDirectoryVanishedFailsTheCallWithoutADecision(@TempDir Path dir) throws IOException {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path file = logs.resolve("decisions.jsonl");
        DeploymentPolicy policy = loggingTo(file);
        policy.evaluate(Requests.deployment());
        Files.delete(file);
        Files.delete(logs);

        IoFailedException error = assertThrows(IoFailedException.class, () -> policy.evaluate(Requests.deployment()));

        assertEquals(file + ": cannot write the decision log: no such directory", error.getMessage());
        assertSpeaksOfTheMachine(error);
        assertThrows(IoFailedException.class, () -> policy.explain(Requests.deployment()));
    }

    @Test
    void aLogReplacedByADirectoryFailsTheCall(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy policy = loggingTo(file);
        policy.evaluate(Requests.deployment());
        Files.delete(file);
        Files.createDirectory(file);

        IoFailedException error = assertThrows(IoFailedException.class, () -> policy.evaluate(Requests.deployment()));

        assertEquals(file + ": cannot write the decision log: is a directory", error.getMessage());
    }

    @Test
    void aLastLineTornOrEditedSinceTheLogWasOpenedIsNotContinued(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("decisions.jsonl");
        DeploymentPolicy policy = loggingTo(file);
        policy.evaluate(Requests.deployment());
        policy.evaluate(Requests.deployment());
        byte[] whole = Files.readAllBytes(file);
        byte[] torn = Arrays.copyOf(whole, whole.length - 30);
        Files.write(file, torn);

        IoFailedException error = assertThrows(IoFailedException.class, () -> policy.evaluate(Requests.deployment()));

        assertEquals(file + ": cannot write the decision log: its last line is torn (a write was cut short); "
                + "audit it", error.getMessage());
        assertArrayEquals(torn, Files.readAllBytes(file), "nothing is appended to a torn line");

        List<String> edited = new ArrayList<>(new String(whole, StandardCharsets.UTF_8).lines().toList());
        edited.set(1, edited.get(1).replace("\"outcome\":\"", "\"outcome\":\"X"));
        Files.write(file, edited);

        IoFailedException editedError = assertThrows(IoFailedException.class,
                () -> policy.evaluate(Requests.deployment()));

        assertTrue(editedError.getMessage().endsWith("its last line is edited: its hash does not match its content; "
                + "audit it"), editedError.getMessage());
    }
}
