package org.deploypolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An error of the machine, not of the request or the policy, written as the contract's error object. */
class IoFailedErrorTest {

    @Test
    void anErrorOfTheMachineIsWrittenWithItsFile() throws IOException {
        IoFailedException error = new IoFailedException(
                new IoProblem("/missing/dir/x.jsonl", "cannot write the decision log: no such directory"), null);

        JsonNode json = Requests.JSON.readTree(PolicyJson.toJson(error));

        assertEquals(Requests.JSON.readTree("""
                { "error": "IO_FAILED",
                  "problems": [ { "file": "/missing/dir/x.jsonl",
                                  "message": "cannot write the decision log: no such directory" } ] }"""), json);
        List<String> fields = new ArrayList<>();
        Iterator<String> names = json.get("problems").get(0).fieldNames();
        names.forEachRemaining(fields::add);
        assertEquals(List.of("file", "message"), fields);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void theSystemsReasonIsGivenInWords(IOException failure, String words) {
        IoFailedException error = IoFailedException.of("/var/log/d.jsonl", "cannot write the decision log", failure);

        assertEquals("/var/log/d.jsonl: cannot write the decision log: " + words, error.getMessage());
        assertEquals("IO_FAILED", error.code());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new AccessDeniedException("/var/log/d.jsonl"), "permission denied"),
                Arguments.of(new FileSystemException("/var/log/d.jsonl", null, "Is a directory"), "is a directory"),
                Arguments.of(new FileSystemException("/var/log/d.jsonl", null, "Read-only file system"),
                        "read-only file system"),
                Arguments.of(new IOException("No space left on device"), "disk full (no space left on device)"),
                Arguments.of(new BindException("Address already in use"), "address already in use"),
                Arguments.of(new ClosedChannelException(), "input/output error"),
                Arguments.of(new IOException("java.lang.IllegalStateException: closed"), "input/output error"));
    }
}
