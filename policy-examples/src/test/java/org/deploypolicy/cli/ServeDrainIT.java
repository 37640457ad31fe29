package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.DecisionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy-policy serve} stopped by SIGTERM, as a process: a request in flight (its body half sent) is answered
 * and recorded in the decision log before the process ends, and a connection tried meanwhile is refused.
 */
class ServeDrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile(" at (http://[^ ]+/)");

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts {@code serve} and returns where it listens, from the line it prints once it does. */
    private URI serve(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/deploy-policy.jar", "serve"));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String serving = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(120, TimeUnit.SECONDS);
        Matcher address = ADDRESS.matcher(String.valueOf(serving));
        assertTrue(address.find(), () -> "serving: " + serving + "\n" + stderr());
        return URI.create(address.group(1));
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aRequestInFlightAtSigtermIsAnsweredAndLoggedThenTheProcessEnds() throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        URI address = serve("--port", "0", "--log", log.toString(), "--drain", "10");
        byte[] body = Files.readAllBytes(Path.of("samples/normal-tuesday-release.json"));
        HttpResponse<String> before = HttpClient.newHttpClient().send(HttpRequest.newBuilder(address.resolve("v1/decisions"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, before.statusCode(), before.body());

        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream request = socket.getOutputStream();
            request.write(("POST /v1/decisions HTTP/1.1\r\nHost: " + address.getAuthority()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            int half = body.length / 2;
            request.write(body, 0, half);
            request.flush();
            Thread.sleep(300);

            process.destroy(); // SIGTERM

            // the listener closes at once; the request in flight holds the process
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try (Socket late = new Socket()) {
                    late.connect(new InetSocketAddress(address.getHost(), address.getPort()), 1000);
                    Thread.sleep(20);
                } catch (ConnectException e) {
                    refused = true;
                }
            }
            assertTrue(refused, "a connection after SIGTERM is refused");
            assertTrue(process.isAlive(), "draining the request in flight");
            Thread.sleep(300);
            request.write(body, half, body.length - half);
            request.flush();

            String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);

            assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            String decision = response.substring(response.indexOf("\r\n\r\n") + 4);
            Schemas.assertValid(Schemas.DECISION, decision);
            JsonNode decided = JSON.readTree(decision);
            assertEquals("APPROVED", decided.get("outcome").asText(), decision);
        }
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the process ends once the request is answered");
        assertEquals(143, process.exitValue(), "ended by SIGTERM");
        DecisionLog.Audit audit = DecisionLog.audit(log);
        assertTrue(audit.sound(), audit::toString);
        assertEquals(2, audit.goodLines(), "one line per decision answered");
        String stderr = stderr();
        assertEquals(2, stderr.lines().filter(line -> line.contains("org.deploypolicy.access")
                && line.contains("\"path\":\"/v1/decisions\"") && line.contains("\"status\":200")).count(), stderr);
        assertTrue(stderr.lines().noneMatch(line -> line.contains("ERROR") || line.contains("Exception")), stderr);
    }

    @Test
    void anIdleServiceEndsOnSigtermWithoutWaitingOutTheDrain() throws Exception {
        serve("--port", "0", "--drain", "10");

        process.destroy();

        assertTrue(process.waitFor(5, TimeUnit.SECONDS), "an idle service ends at once");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toByteArray();
    }
}
