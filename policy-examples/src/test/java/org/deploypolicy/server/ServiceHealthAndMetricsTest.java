package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.cli.FragilePolicy;
import org.deploypolicy.cli.SchemaCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness, readiness (a policy that does not build at the start or at a reload, a decision log that cannot be
 * written) and {@code /metrics}: Prometheus' text format, and its counters moving with what the service does.
 */
class ServiceHealthAndMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String APPROVED = "samples/normal-tuesday-release.json";
    private static final String BROKEN = "extends: reference\nname: mended\nzone: Mars/Olympus\n";
    private static final String GOOD = "extends: reference\nname: mended\n";

    @TempDir
    static Path dir;
    /** Started unready: its policy directory does not build. */
    static DecisionServer unready;
    static Path brokenDirectory;
    /** The reference policy, a decision log. */
    static DecisionServer metered;
    static Path meteredLog;
    /** A policy whose rule throws on every production deployment. */
    static DecisionServer fragile;

    @BeforeAll
    static void start() throws IOException {
        brokenDirectory = Files.createDirectory(dir.resolve("broken"));
        Files.writeString(brokenDirectory.resolve("policy.yaml"), BROKEN);
        unready = DecisionServer.start(options(brokenDirectory, null, true));
        meteredLog = Files.createDirectory(dir.resolve("metered-logs")).resolve("decisions.jsonl");
        metered = DecisionServer.start(options(null, DecisionLog.toFile(meteredLog), false));
        fragile = DecisionServer.start(options(FragilePolicy.writeTo(Files.createDirectory(dir.resolve("fragile"))),
                null, false));
    }

    @AfterAll
    static void stop() {
        Stream.of(unready, metered, fragile).filter(s -> s != null).forEach(DecisionServer::close);
    }

    private static DecisionServer.Options options(Path policy, DecisionLog log, boolean startUnready) {
        return new DecisionServer.Options(policy, "127.0.0.1", 0, 2, log, List.of(), false, false, Duration.ZERO,
                true, startUnready, null);
    }

    static HttpResponse<String> send(DecisionServer server, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request(server, method, path, body), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(response);
        return response;
    }

    static HttpRequest request(DecisionServer server, String method, String path, String body) {
        return HttpRequest.newBuilder(server.address().resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static JsonNode ready(DecisionServer server, int status) throws Exception {
        HttpResponse<String> response = send(server, "GET", "health/ready", null);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    static PrometheusText metrics(DecisionServer server) throws Exception {
        HttpResponse<String> response = send(server, "GET", "metrics", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        return PrometheusText.parse(response.body());
    }

    /** Waits up to ten seconds for a condition. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    static double reloads(String result) throws Exception {
        return metrics(unready).value("deploy_policy_reloads_total", Map.of("result", result));
    }

    /** Waits until the directory watcher has done with a change: no reload for a second. */
    static void settled() throws Exception {
        double before;
        double after = reloads("succeeded") + reloads("failed");
        do {
            before = after;
            Thread.sleep(1000);
            after = reloads("succeeded") + reloads("failed");
        } while (after != before);
    }

    @Test
    void unreadyUntilAReloadBuildsThePolicyThenAFailedReloadKeepsTheLastGoodOneServing() throws Exception {
        assertNull(unready.policy(), "a policy that does not build serves nothing");
        assertEquals(200, send(unready, "GET", "health/live", null).statusCode());
        assertEquals("{\"status\":\"live\"}", send(unready, "GET", "health/live", null).body());

        // not ready: no policy, the problems of the start
        JsonNode notReady = ready(unready, 503);
        assertEquals("not ready", notReady.get("status").asText());
        assertTrue(notReady.get("policy").isNull(), notReady::toString);
        assertTrue(notReady.at("/lastReload/at").isTextual(), notReady::toString); // when the start failed
        assertFalse(notReady.at("/lastReload/succeeded").asBoolean(true), notReady::toString);
        assertTrue(notReady.at("/lastReload/problems").size() >= 1, notReady::toString);
        assertTrue(notReady.at("/lastReload/problems").toString().contains("Mars/Olympus"), notReady::toString);
        assertEquals("policy.yaml", notReady.at("/lastReload/problems/0/file").asText(), notReady::toString);
        assertTrue(notReady.get("log").isNull(), notReady::toString);
        for (String[] call : new String[][] {{"POST", "v1/decisions"}, {"GET", "v1/policy"}, {"GET", "health"},
                {"GET", "v1/calendar"}}) {
            HttpResponse<String> refused = send(unready, call[0], call[1],
                    call[0].equals("POST") ? Files.readString(Path.of(APPROVED)) : null);
            assertEquals(503, refused.statusCode(), call[1] + ": " + refused.body());
            SchemaCheck.error(refused.body());
            assertEquals("NOT_READY", JSON.readTree(refused.body()).get("error").asText());
            assertTrue(refused.body().contains("Mars/Olympus"), refused.body());
        }
        assertEquals(0, metrics(unready).value("deploy_policy_serving"));

        // mended: a reload builds it
        Path directory = brokenDirectory;
        Files.writeString(directory.resolve("policy.yaml"), GOOD);
        // the directory watcher builds it; a reload asked for builds it again
        eventually("the watcher builds the mended policy", () -> unready.policy() != null);
        HttpResponse<String> reloaded = send(unready, "POST", "v1/policy/reload", null);
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        String mended = unready.policy().id().version();
        assertEquals(mended, reloaded.headers().firstValue("X-Policy-Version").orElseThrow());

        JsonNode ready = ready(unready, 200);
        assertEquals("ready", ready.get("status").asText());
        assertEquals("mended", ready.at("/policy/name").asText());
        assertEquals(mended, ready.at("/policy/version").asText());
        assertTrue(ready.at("/lastReload/succeeded").asBoolean(), ready::toString);
        assertEquals(0, ready.at("/lastReload/problems").size(), ready::toString);
        assertFalse(ready.at("/lastReload/at").isNull(), ready::toString);
        HttpResponse<String> decided = send(unready, "POST", "v1/decisions", Files.readString(Path.of(APPROVED)));
        assertEquals(200, decided.statusCode(), decided.body());
        SchemaCheck.decision(decided.body());
        PrometheusText afterMending = metrics(unready);
        assertEquals(1, afterMending.value("deploy_policy_serving"));
        assertEquals(1, afterMending.value("deploy_policy_last_reload_succeeded"));
        assertTrue(afterMending.value("deploy_policy_reloads_total", Map.of("result", "succeeded")) >= 1);
        settled();

        // broken again: the directory watcher reloads and fails, the last good policy serves
        Files.writeString(directory.resolve("policy.yaml"), BROKEN);
        eventually("the watcher reloads the broken policy", () -> {
            try {
                return reloads("failed") >= 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        settled();
        double failedBefore = reloads("failed");
        double succeededBefore = reloads("succeeded");

        HttpResponse<String> failed = send(unready, "POST", "v1/policy/reload", null);

        assertEquals(422, failed.statusCode(), failed.body());
        SchemaCheck.error(failed.body());
        assertEquals("INVALID_POLICY", JSON.readTree(failed.body()).get("error").asText());
        assertEquals(mended, failed.headers().firstValue("X-Policy-Version").orElseThrow());
        JsonNode stillReady = ready(unready, 200);
        assertEquals("ready", stillReady.get("status").asText());
        assertEquals(mended, stillReady.at("/policy/version").asText());
        assertFalse(stillReady.at("/lastReload/succeeded").asBoolean(true), stillReady::toString);
        assertTrue(stillReady.at("/lastReload/problems").toString().contains("Mars/Olympus"), stillReady::toString);
        PrometheusText afterFailing = metrics(unready);
        assertEquals(failedBefore + 1, afterFailing.value("deploy_policy_reloads_total", Map.of("result", "failed")));
        assertEquals(succeededBefore, afterFailing.value("deploy_policy_reloads_total", Map.of("result", "succeeded")));
        assertEquals(0, afterFailing.value("deploy_policy_last_reload_succeeded"));
        assertEquals(1, afterFailing.value("deploy_policy_serving"));
        assertEquals(200, send(unready, "POST", "v1/decisions", Files.readString(Path.of(APPROVED))).statusCode());
    }

    @Test
    void aDecisionLogThatCannotBeWrittenMakesTheServiceUnready() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("gone-logs"));
        Path log = logs.resolve("decisions.jsonl");
        try (DecisionServer server = DecisionServer.start(options(null, DecisionLog.toFile(log), false))) {
            JsonNode ready = ready(server, 200);
            assertTrue(ready.at("/log/writable").asBoolean(), ready::toString);

            // read-only; as root, a read-only directory stays writable: then it is deleted
            Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (Files.isWritable(logs)) {
                Files.delete(logs);
            }

            JsonNode notReady = ready(server, 503);
            assertEquals("not ready", notReady.get("status").asText());
            assertFalse(notReady.at("/log/writable").asBoolean(true), notReady::toString);
            assertEquals(log + ": cannot write the decision log: its directory is missing or not writable",
                    notReady.at("/log/problem").asText(), notReady::toString);
            assertEquals(server.policy().id().version(), notReady.at("/policy/version").asText());

            HttpResponse<String> refused = send(server, "POST", "v1/decisions", Files.readString(Path.of(APPROVED)));
            assertEquals(503, refused.statusCode(), refused.body());
            SchemaCheck.error(refused.body());
            assertEquals("IO_FAILED", JSON.readTree(refused.body()).get("error").asText());
            assertEquals(1, metrics(server).value("deploy_policy_decision_log_writes_total", Map.of("result", "failed")));
            assertEquals(0, metrics(server).value("deploy_policy_decision_log_writes_total", Map.of("result", "written")));
        } finally {
            if (Files.exists(logs)) {
                Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void theServiceIsReadyAgainOnceTheLogCanBeWrittenAgain() throws Exception {
        Path logs = Files.createDirectory(dir.resolve("returning-logs"));
        Path log = logs.resolve("decisions.jsonl");
        try (DecisionServer server = DecisionServer.start(options(null, DecisionLog.toFile(log), false))) {
            Files.delete(logs);
            assertEquals(503, send(server, "POST", "v1/decisions", Files.readString(Path.of(APPROVED))).statusCode());
            ready(server, 503);

            Files.createDirectory(logs);

            // a service out of the load balancer gets no decision to write: readiness must not wait for one
            JsonNode ready = ready(server, 200);
            assertTrue(ready.at("/log/writable").asBoolean(), ready::toString);
        }
    }

    @Test
    void metricsAreThePrometheusTextFormat() throws Exception {
        // something of every family first: a decision, a bad request
        send(metered, "POST", "v1/decisions", Files.readString(Path.of(APPROVED)));
        send(metered, "POST", "v1/decisions", "{");

        PrometheusText metrics = metrics(metered);

        for (String family : List.of("deploy_policy_decisions_total", "deploy_policy_http_requests_total",
                "deploy_policy_invalid_requests_total", "deploy_policy_evaluation_failures_total",
                "deploy_policy_reloads_total", "deploy_policy_decision_log_writes_total")) {
            assertEquals("counter", metrics.types.get(family), family + " in " + metrics.types);
        }
        assertEquals("histogram", metrics.types.get("deploy_policy_decision_seconds"));
        for (String family : List.of("deploy_policy_http_requests_in_flight", "deploy_policy_serving",
                "deploy_policy_last_reload_succeeded")) {
            assertEquals("gauge", metrics.types.get(family), family + " in " + metrics.types);
        }
        assertTrue(metrics.types.keySet().stream().anyMatch(name -> name.startsWith("jvm_memory")), metrics.types::toString);
        // this request is in flight while it is answered
        assertTrue(metrics.value("deploy_policy_http_requests_in_flight") >= 1);
        assertEquals(1, metrics.value("deploy_policy_serving"));
        assertEquals(1, metrics.value("deploy_policy_last_reload_succeeded"));
        assertTrue(metrics.value("deploy_policy_decision_seconds_count") >= 1);
        assertTrue(metrics.value("deploy_policy_decision_seconds_sum") > 0);
    }

    @Test
    void theCountersMoveWithTheDecisionsTheBadRequestsAndTheFailures() throws Exception {
        PrometheusText before = metrics(metered);
        String version = metered.policy().id().version();
        Map<String, Integer> outcomes = new HashMap<>();
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path sample : samples) {
            HttpResponse<String> response = send(metered, "POST", "v1/decisions", Files.readString(sample));
            assertEquals(200, response.statusCode(), response.body());
            outcomes.merge(JSON.readTree(response.body()).get("outcome").asText(), 1, Integer::sum);
        }
        assertEquals(200, send(metered, "POST", "v1/decisions?format=both", Files.readString(Path.of(APPROVED)))
                .statusCode());
        outcomes.merge("APPROVED", 1, Integer::sum);
        int decided = samples.size() + 1;
        for (String bad : List.of("{", "{\"kind\": \"rollback\"}", "[]")) {
            assertEquals(400, send(metered, "POST", "v1/decisions", bad).statusCode());
        }
        HttpResponse<String> failure = send(fragile, "POST", "v1/decisions", Files.readString(Path.of(APPROVED)));
        assertEquals(500, failure.statusCode(), failure.body());
        SchemaCheck.error(failure.body());

        eventually("the requests are counted once answered", () -> {
            try {
                return delta(before, metrics(metered), "deploy_policy_http_requests_total",
                        Map.of("endpoint", "/v1/decisions", "status", "400")) == 3;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        PrometheusText after = metrics(metered);
        assertTrue(outcomes.size() >= 2, outcomes::toString);
        for (String outcome : List.of("APPROVED", "REJECTED", "PENDING")) {
            assertEquals(outcomes.getOrDefault(outcome, 0), delta(before, after, "deploy_policy_decisions_total",
                    Map.of("outcome", outcome, "policy_version", version)), outcome);
        }
        assertEquals(decided, delta(before, after, "deploy_policy_decision_seconds_count", Map.of()));
        assertEquals(decided, delta(before, after, "deploy_policy_decision_seconds_bucket", Map.of("le", "+Inf")));
        assertEquals(decided, delta(before, after, "deploy_policy_decision_log_writes_total", Map.of("result", "written")));
        assertEquals(decided, delta(before, after, "deploy_policy_http_requests_total",
                Map.of("endpoint", "/v1/decisions", "status", "200")));
        assertEquals(3, delta(before, after, "deploy_policy_invalid_requests_total", Map.of()));
        assertEquals(0, delta(before, after, "deploy_policy_evaluation_failures_total", Map.of()));
        assertEquals(decided, DecisionLog.audit(meteredLog).goodLines()
                - (int) before.value("deploy_policy_decision_log_writes_total", Map.of("result", "written")));
        assertTrue(DecisionLog.audit(meteredLog).sound());
        assertEquals(1, metrics(fragile).value("deploy_policy_evaluation_failures_total"));
    }

    @Test
    void requestsAreCountedByTheirOwnStatusWhenAnsweredAtOnce() throws Exception {
        PrometheusText before = metrics(metered);
        String good = Files.readString(Path.of(APPROVED));
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(CLIENT.sendAsync(request(metered, "POST", "v1/decisions", i % 2 == 0 ? good : "{"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<HttpResponse<String>> response : sent) {
            statuses.merge(response.get().statusCode(), 1, Integer::sum);
        }
        assertEquals(Map.of(200, 20, 400, 20), statuses);

        eventually("every request is counted", () -> {
            try {
                PrometheusText after = metrics(metered);
                return delta(before, after, "deploy_policy_http_requests_total",
                        Map.of("endpoint", "/v1/decisions", "status", "200"))
                        + delta(before, after, "deploy_policy_http_requests_total",
                        Map.of("endpoint", "/v1/decisions", "status", "400")) == 40;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        PrometheusText after = metrics(metered);
        assertEquals(20, delta(before, after, "deploy_policy_http_requests_total",
                Map.of("endpoint", "/v1/decisions", "status", "200")));
        assertEquals(20, delta(before, after, "deploy_policy_http_requests_total",
                Map.of("endpoint", "/v1/decisions", "status", "400")));
    }

    @Test
    void anUnknownPathIsCountedAsOther() throws Exception {
        PrometheusText before = metrics(metered);
        assertEquals(404, send(metered, "GET", "no/such/path", null).statusCode());
        assertEquals(404, send(metered, "GET", "v1/samples/no-such-sample", null).statusCode());
        eventually("counted", () -> {
            try {
                return delta(before, metrics(metered), "deploy_policy_http_requests_total",
                        Map.of("endpoint", "other", "status", "404")) == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertNotEquals(0, delta(before, metrics(metered), "deploy_policy_http_requests_total",
                Map.of("endpoint", "/v1/samples", "status", "404")));
    }

    @Test
    void aChangeToARuleInASubdirectoryReloadsThePolicy() throws Exception {
        Path policy = Files.createDirectory(dir.resolve("nested"));
        Files.writeString(policy.resolve("policy.yaml"), "extends: reference\nname: nested\n");
        Path rules = Files.createDirectories(policy.resolve("rules/team"));
        Files.writeString(rules.resolve("note.drl"), note("first"));
        try (DecisionServer server = DecisionServer.start(options(policy, null, false))) {
            String first = server.policy().id().version();

            Files.writeString(rules.resolve("note.drl"), note("second"));
            eventually("the policy reloads after a change in rules/team/", () ->
                    !server.policy().id().version().equals(first));
            String second = server.policy().id().version();

            // a directory made after the start is watched too
            Path later = Files.createDirectory(policy.resolve("later"));
            Files.writeString(later.resolve("more.drl"), note("third").replace("team.note", "team.more"));
            eventually("the policy reloads after a change in a new directory", () ->
                    !server.policy().id().version().equals(second));
            HttpResponse<String> described = send(server, "GET", "v1/policy", null);
            assertTrue(described.body().contains("team.more"), described.body());
        }
    }

    /** A rule that advises on every production deployment. */
    private static String note(String text) {
        return """
                package team;
                import org.deploypolicy.rules.Deployment;
                global org.deploypolicy.rules.Findings findings;

                rule "team.note"
                    @id("team.note")
                when
                    Deployment( production )
                then
                    findings.advise("%s note");
                end
                """.formatted(text);
    }

    @Test
    void aPathThatOnlyBeginsLikeAnEndpointIs404() throws Exception {
        for (String path : List.of("metricsx", "v1/policyx", "v1/policy/x", "health/livex", "health/readyz",
                "health/x", "v1/decisions.json", "v1/decisions/x", "v1/policy/reloadx", "v1/calendarx")) {
            HttpResponse<String> response = send(metered, path.startsWith("v1/decisions") ? "POST" : "GET", path,
                    path.startsWith("v1/decisions") ? Files.readString(Path.of(APPROVED)) : null);
            assertEquals(404, response.statusCode(), path + ": " + response.body());
            SchemaCheck.error(response.body());
        }
    }

    private static int delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return (int) Math.round(after.value(name, labels) - before.value(name, labels));
    }
}
