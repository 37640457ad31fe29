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
import java.time.LocalDate;
import java.time.ZoneId;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground in a real headless Chromium, driven over the DevTools protocol: pick a sample, evaluate, see
 * the outcome and a finding, save a screenshot to {@code target/playground.png}; the deploy calendar of the next two
 * weeks, its screenshot in {@code target/playground-calendar.png}. One browser and one server serve both. Runs in the {@code browser}
 * profile ({@code mvn -B verify -Pbrowser}), which needs Debian's {@code chromium} ({@code /usr/bin/chromium},
 * or the path in {@code -Dchromium=...}).
 */
class PlaygroundBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path profile;
    private static DecisionServer server;
    private static Process chromium;
    private static DevTools page;

    @BeforeAll
    @Timeout(120)
    static void openThePlayground() throws Exception {
        server = DecisionServer.start(new DecisionServer.Options(null, "127.0.0.1", 0, 2, null));
        chromium = new ProcessBuilder(System.getProperty("chromium", "/usr/bin/chromium"),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-port=0", "--window-size=1280,900", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        page = DevTools.connect(profile);
        page.call("Page.enable", Map.of());
        page.call("Page.navigate", Map.of("url", server.address().toString()));
        page.waitFor("document.body && document.body.dataset.ready === 'true'");
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (page != null) {
                page.close();
            }
        } finally {
            if (chromium != null) {
                chromium.destroy();
                chromium.waitFor(10, TimeUnit.SECONDS);
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void aSampleEvaluatedInThePageShowsItsOutcomeAndFindings() throws Exception {
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
        screenshot(Path.of("target", "playground.png"), null);
    }

    @Test
    @Timeout(120)
    void theCalendarShowsTheNextTwoWeeksFridaysCriticalOnly() throws Exception {
        page.waitFor("document.querySelectorAll('#calendar tbody tr').length > 0");
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Addis_Ababa"));
        JsonNode dates = page.eval("[...document.querySelectorAll('#calendar tbody tr')].map(row => row.dataset.date)");
        assertEquals(14, dates.size(), dates::toString);
        assertTrue(dates.get(0).asText().equals(today.toString())
                || dates.get(0).asText().equals(today.minusDays(1).toString()), dates::toString);
        JsonNode fridays = page.eval("[...document.querySelectorAll('#calendar tr[data-weekday=FRIDAY]')]"
                + ".map(row => row.innerText)");
        assertEquals(2, fridays.size(), fridays::toString);
        for (JsonNode friday : fridays) {
            assertTrue(friday.asText().matches("Fri \\d{4}-\\d{2}-\\d{2}\\s+00:00–24:00 critical only \\(P1, P2\\), "
                    + "by window\\.friday\\s*"), friday.asText());
        }
        JsonNode preferred = page.eval("[...document.querySelectorAll('#calendar tr[data-weekday=TUESDAY] .period')]"
                + ".filter(period => period.querySelector('.preferred')).map(period => period.innerText)");
        assertEquals("[\"09:00–15:00 all changes, preferred\",\"09:00–15:00 all changes, preferred\"]",
                preferred.toString());
        String saturday = page.eval("document.querySelector('#calendar tr[data-weekday=SATURDAY]').innerText").asText();
        assertTrue(saturday.contains("emergencies only (P1)"), saturday);
        String subscribe = page.eval("document.getElementById('subscribe').href").asText();
        assertEquals(server.address().resolve("/v1/calendar.ics").toString(), subscribe);
        screenshot(Path.of("target", "playground-calendar.png"), "calendar");
    }

    /** Saves a screenshot of the page, scrolled to an element first when one is named. */
    private static void screenshot(Path file, String scrolledTo) throws Exception {
        if (scrolledTo != null) {
            page.eval("document.getElementById('" + scrolledTo + "').scrollIntoView()");
        }
        JsonNode shot = page.call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        assertTrue(Files.size(file) > 10_000);
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
