package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.cli.SchemaCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP service when the machine fails it (a decision log that cannot be written, an address taken) and when
 * a request's bytes are not UTF-8: no decision leaves unrecorded, none is read from replaced characters. Every
 * answer is checked against the service's OpenAPI description ({@link OpenApiCheck}).
 */
class DecisionServerFailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** A request the reference policy approves. */
    private static final Path APPROVED = Path.of("samples/normal-tuesday-release.json");

    private static HttpResponse<String> decide(DecisionServer server, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.address().resolve("v1/decisions"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(response);
        return response;
    }

    @Test
    void aDecisionWhoseLogLineCannotBeWrittenIs503WithoutTheDecision(@TempDir Path dir) throws Exception {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path log = logs.resolve("decisions.jsonl");
        byte[] approved = Files.readAllBytes(APPROVED);
        try (DecisionServer server = DecisionServer.start(
                new DecisionServer.Options(null, "127.0.0.1", 0, 2, DecisionLog.toFile(log)))) {
            assertEquals(200, decide(server, approved).statusCode());
            Files.delete(log);
            Files.delete(logs);

            HttpResponse<String> response = decide(server, approved);

            assertEquals(503, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            SchemaCheck.error(response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("IO_FAILED", error.get("error").asText());
            assertEquals(log.toString(), error.get("problems").get(0).get("file").asText());
            assertEquals("cannot write the decision log: no such directory",
                    error.get("problems").get(0).get("message").asText());
            assertFalse(response.body().contains("APPROVED"), response.body());
        }
    }

    @Test
    void aLogReplacedByADirectoryIs503(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        try (DecisionServer server = DecisionServer.start(
                new DecisionServer.Options(null, "127.0.0.1", 0, 2, DecisionLog.toFile(log)))) {
            Files.createDirectory(log);

            HttpResponse<String> response = decide(server, Files.readAllBytes(APPROVED));

            assertEquals(503, response.statusCode(), response.body());
            SchemaCheck.error(response.body());
            assertTrue(response.body().contains("cannot write the decision log: is a directory"), response.body());
        }
    }

    @Test
    void aStrayByteThatIsNotUtf8IsRefusedNotReplaced() throws Exception {
        String text = Files.readString(APPROVED);
        int at = text.indexOf("\"selam\"") + 1;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        body.write(0xFF);
        body.write(text.substring(at).getBytes(StandardCharsets.UTF_8));
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 1, null))) {
            assertEquals(200, decide(server, text.getBytes(StandardCharsets.UTF_8)).statusCode());

            HttpResponse<String> response = decide(server, body.toByteArray());

            assertEquals(400, response.statusCode(), response.body());
            SchemaCheck.error(response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("INVALID_REQUEST", error.get("error").asText());
            assertEquals("$", error.get("problems").get(0).get("path").asText());
            assertEquals("not UTF-8 text: byte 0xFF at byte offset " + text.substring(0, at).getBytes(StandardCharsets.UTF_8).length
                    + " does not start or continue a character", error.get("problems").get(0).get("message").asText());
            assertFalse(response.body().contains("APPROVED"), response.body());
        }
    }

    @Test
    void anAddressInUseIsIoFailedNamingItAndTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IoFailedException error = assertThrows(IoFailedException.class, () -> DecisionServer.start(
                    new DecisionServer.Options(null, "127.0.0.1", taken.getLocalPort(), 1, null)));

            assertEquals("127.0.0.1:" + taken.getLocalPort() + ": cannot serve: address already in use",
                    error.getMessage());
            SchemaCheck.error(org.deploypolicy.PolicyJson.toJson(error));
        }
    }

    @Test
    void aPortOutOfRangeOrNoWorkersIsRefusedNamingTheSetting() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> new DecisionServer.Options(null, "127.0.0.1", 99999, 1, null));
        IllegalArgumentException workers = assertThrows(IllegalArgumentException.class,
                () -> new DecisionServer.Options(null, "127.0.0.1", 0, 0, null));

        assertEquals("port must be in 0..65535; was 99999", port.getMessage());
        assertEquals("workers must be at least 1; was 0", workers.getMessage());
    }
}
