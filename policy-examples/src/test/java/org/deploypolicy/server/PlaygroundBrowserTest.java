package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground in a real headless Chromium, driven over the DevTools protocol: pick a sample, evaluate, see
 * the outcome and a finding, save a screenshot to {@code target/playground.png}. Runs in the {@code browser}
 * profile ({@code mvn -B verify -Pbrowser}), which needs Debian's {@code chromium} ({@code /usr/bin/chromium},
 * or the path in {@code -Dchromium=...}).
 */
class PlaygroundBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(180)
    void aSampleEvaluatedInThePageShowsItsOutcomeAndFindings(@TempDir Path profile) throws Exception {
        try (DecisionServer server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 2, null))) {
            Process chromium = new ProcessBuilder(System.getProperty("chromium", "/usr/bin/chromium"),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--remote-debugging-port=0", "--window-size=1280,900", "--user-data-dir=" + profile, "about:blank")
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
            try (DevTools page = DevTools.connect(profile)) {
                page.call("Page.enable", Map.of());
                page.call("Page.navigate", Map.of("url", server.address().toString()));
                page.waitFor("document.body && document.body.dataset.ready === 'true'");
                page.eval("document.getElementById('sample').value = 'friday-feature';"
                        + "document.getElementById('sample').dispatchEvent(new Event('change'));");
                page.waitFor("document.getElementById('request').value.includes('DEP-1041')");
                page.eval("document.getElementById('evaluate').click()");
                page.waitFor("document.getElementById('outcome').textContent !== ''");
                assertEquals("REJECTED", page.eval("document.getElementById('outcome').textContent").asText());
                String findings = page.eval("document.getElementById('findings').innerText").asText();
                assertTrue(findings.contains("window.friday"), findings);
                String next = page.eval("document.getElementById('next').textContent").asText();
                assertTrue(next.contains("2026-11-30T00:00:00+03:00"), next);
                page.waitFor("document.getElementById('record').textContent.includes('Production Deployment Approval')");
                JsonNode shot = page.call("Page.captureScreenshot", Map.of("format", "png"));
                Path file = Path.of("target", "playground.png");
                Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
                assertTrue(Files.size(file) > 10_000);
            } finally {
                chromium.destroy();
                chromium.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A page of the browser over the DevTools protocol's WebSocket. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(Path profile) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            for (int i = 0; i < 300 && !Files.exists(portFile); i++) {
                Thread.sleep(100);
            }
            String port = Files.readAllLines(portFile).get(0).strip();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String url = null;
            for (JsonNode target : targets) {
                if (target.get("type").asText().equals("page")) {
                    url = target.get("webSocketDebuggerUrl").asText();
                }
            }
            DevTools devTools = new DevTools();
            devTools.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), devTools).get(30, TimeUnit.SECONDS);
            return devTools;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true);
            JsonNode response = answer.get(30, TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + ": " + response.get("error"));
            }
            return response.get("result");
        }

        JsonNode eval(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                    "awaitPromise", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException(expression + ": " + result.get("exceptionDetails"));
            }
            return result.get("result").path("value");
        }

        void waitFor(String condition) throws Exception {
            for (int i = 0; i < 300; i++) {
                if (eval("!!(" + condition + ")").asBoolean()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the page never showed: " + condition);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(answer -> answer.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
