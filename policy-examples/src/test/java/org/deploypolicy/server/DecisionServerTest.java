package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP decision service on a free loopback port: every sample, bad input, the policy, health and reload. Every
 * answer is checked against the service's OpenAPI description ({@link OpenApiCheck}).
 */
class DecisionServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path policyDirectory;
    static DecisionServer server;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(policyDirectory.resolve("policy.yaml"), "extends: reference\nname: served\n");
        server = DecisionServer.start(new DecisionServer.Options(policyDirectory, "127.0.0.1", 0, 4, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.address().resolve(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(response);
        return response;
    }

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("samples")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleGetsItsDecisionWithStatus200(Path sample) throws Exception {
        HttpResponse<String> response = send("POST", "v1/decisions", Files.readString(sample));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        org.deploypolicy.cli.SchemaCheck.decision(response.body());
        JsonNode decision = JSON.readTree(response.body());
        assertEquals(JSON.readTree(Files.readString(sample)).get("id").asText(), decision.get("requestId").asText());
        assertEquals("served", decision.get("policy").get("name").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON        | {"kind": "DEPLOYMENT",                 | $
            unknown field         | {"kind": "ROLLBACK", "aprovals": []}   | $.aprovals
            missing id            | {"kind": "ROLLBACK", "requester": {"id": "a"}, "incident": {"type": "SECURITY_INCIDENT"}} | $.id
            lower-case enum       | {"kind": "rollback"}                   | $.kind
            """)
    void badInputIs400NamingTheField(String what, String body, String path) throws Exception {
        HttpResponse<String> response = send("POST", "v1/decisions", body);
        assertEquals(400, response.statusCode());
        org.deploypolicy.cli.SchemaCheck.error(response.body());
        assertTrue(response.body().contains("\"path\": \"" + path + "\"") || response.body().contains("\"path\":\"" + path + "\""),
                response.body());
    }

    @Test
    void aRequestOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = send("POST", "v1/decisions", "{\"id\": \"" + "x".repeat(1 << 20) + "\"}");
        assertEquals(413, response.statusCode());
        org.deploypolicy.cli.SchemaCheck.error(response.body());
    }

    @Test
    void theWrongMethodIs405WithAnErrorObjectAndAllow() throws Exception {
        assertEquals(405, send("GET", "v1/decisions", null).statusCode());
        HttpResponse<String> response = send("GET", "v1/policy/reload", null);
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
        org.deploypolicy.cli.SchemaCheck.error(response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("METHOD_NOT_ALLOWED", error.get("error").asText());
        assertEquals("use POST", error.at("/problems/0/message").asText());
    }

    @Test
    void anUnknownPathOrSampleIs404WithAnErrorObject() throws Exception {
        for (String path : List.of("nowhere", "v1/samples/no-such-sample")) {
            HttpResponse<String> response = send("GET", path, null);
            assertEquals(404, response.statusCode(), path);
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
            org.deploypolicy.cli.SchemaCheck.error(response.body());
            assertEquals("NOT_FOUND", JSON.readTree(response.body()).get("error").asText());
        }
    }

    @Test
    void attributesThePolicyDoesNotDeclareAre400AndThePolicySaysWhichItDeclares() throws Exception {
        JsonNode sample = JSON.readTree(send("GET", "v1/samples/friday-feature", null).body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) sample).putObject("attributes").put("tier", 1);

        HttpResponse<String> response = send("POST", "v1/decisions", sample.toString());
        JsonNode policy = JSON.readTree(send("GET", "v1/policy", null).body());

        assertEquals(400, response.statusCode());
        org.deploypolicy.cli.SchemaCheck.error(response.body());
        assertEquals("$.attributes.tier", JSON.readTree(response.body()).at("/problems/0/path").asText());
        assertEquals("object", policy.at("/attributes/type").asText());
        assertEquals(0, policy.at("/attributes/properties").size());
    }

    @Test
    void healthNamesThePolicyServing() throws Exception {
        HttpResponse<String> response = send("GET", "health", null);
        assertEquals(200, response.statusCode());
        JsonNode health = JSON.readTree(response.body());
        assertEquals("serving", health.get("status").asText());
        assertEquals("served", health.at("/policy/name").asText());
        assertTrue(health.at("/policy/version").asText().startsWith("sha256:"));
    }

    @Test
    void thePolicyListsItsRulesWithTheirEffects() throws Exception {
        HttpResponse<String> response = send("GET", "v1/policy", null);
        assertEquals(200, response.statusCode());
        JsonNode policy = JSON.readTree(response.body());
        assertEquals("served", policy.get("name").asText());
        assertTrue(policy.get("version").asText().matches("sha256:[0-9a-f]{64}"));
        JsonNode friday = Stream.of(JSON.convertValue(policy.get("rules"), JsonNode[].class))
                .filter(rule -> rule.get("id").asText().equals("window.friday")).findFirst().orElseThrow();
        assertEquals("[\"BLOCK\"]", friday.get("effects").toString());
        assertEquals("reference/windows.drl", friday.get("file").asText());
        // one entry per id, with every effect its rules' consequences can report, in the order BLOCK, REQUIRE, ADVISE
        assertEquals(java.util.Set.of("[\"REQUIRE\",\"ADVISE\"]"), effectsOf(policy, "hotfix.verbal-approval"));
        java.util.List<String> ids = new java.util.ArrayList<>();
        policy.get("rules").forEach(rule -> ids.add(rule.get("id").asText()));
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "each id once: " + ids);
        assertEquals(java.util.Set.of("[\"BLOCK\",\"REQUIRE\",\"ADVISE\"]"), effectsOf(policy, "rollback.api-errors"));
    }

    /** The effects of each rule under an id, as the description lists them. */
    private static java.util.Set<String> effectsOf(JsonNode policy, String id) {
        return Stream.of(JSON.convertValue(policy.get("rules"), JsonNode[].class))
                .filter(rule -> rule.get("id").asText().equals(id)).map(rule -> rule.get("effects").toString())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void healthSaysWhichPolicyServes() throws Exception {
        HttpResponse<String> response = send("GET", "health", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"status\":\"serving\""), response.body());
    }

    @Test
    void theMarkdownRecordIsServedToo() throws Exception {
        HttpResponse<String> response = send("POST", "v1/decisions?format=markdown",
                Files.readString(Path.of("samples/normal-tuesday-release.json")));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("## Production Deployment Approval"), response.body());
    }

    @Test
    void thePlaygroundAndSamplesAreServed() throws Exception {
        HttpResponse<String> page = send("GET", "", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("deploy-policy playground"));
        assertTrue(send("GET", "v1/samples", null).body().contains("friday-feature"));
        assertEquals(200, send("GET", "v1/samples/friday-feature", null).statusCode());
        assertEquals(404, send("GET", "v1/samples/../pom", null).statusCode());
    }

    @Test
    void theCalendarFeedIsICalendarOfTheWeeksEvents() throws Exception {
        HttpResponse<String> response = send("GET", "v1/calendar.ics?from=2026-12-07&days=7", null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/calendar; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(server.policy().id().version(), response.headers().firstValue("X-Policy-Version").orElseThrow());
        org.deploypolicy.cli.CalendarFeed.assertLines(response.body());
        List<String> events = org.deploypolicy.cli.CalendarFeed.events(response.body()).stream()
                .map(org.deploypolicy.cli.CalendarFeed::describe).toList();
        assertTrue(events.contains("2026-12-10T21:00:00Z 2026-12-11T21:00:00Z Deploys: critical only (P1, P2)"),
                events.toString());
        assertTrue(events.contains("2026-12-11T21:00:00Z 2026-12-13T21:00:00Z Deploys: emergencies only (P1)"),
                events.toString());
        assertTrue(response.body().contains("X-WR-CALNAME:Deploys: served\r\n"), response.body());
    }

    @Test
    void theCalendarAsJsonHasTheDaysAsked() throws Exception {
        HttpResponse<String> response = send("GET", "v1/calendar?from=2026-12-07&days=7", null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("X-Policy-Version").orElseThrow().startsWith("sha256:"));
        JsonNode calendar = JSON.readTree(response.body());
        assertEquals("served", calendar.at("/policy/name").asText());
        assertEquals(7, calendar.get("days").size());
        assertEquals("2026-12-07", calendar.at("/days/0/date").asText());
        assertEquals("FRIDAY", calendar.at("/days/4/weekday").asText());
        assertEquals("CRITICAL", calendar.at("/days/4/periods/0/allows").asText());
    }

    @Test
    void theCalendarCoversNinetyDaysFromTodayUnlessAsked() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.of("Africa/Addis_Ababa");
        java.time.LocalDate before = java.time.LocalDate.now(zone);
        JsonNode calendar = JSON.readTree(send("GET", "v1/calendar", null).body());
        java.time.LocalDate after = java.time.LocalDate.now(zone);

        assertEquals(zone.getId(), calendar.get("zone").asText());
        assertEquals(90, calendar.get("days").size());
        String first = calendar.at("/days/0/date").asText();
        assertTrue(first.equals(before.toString()) || first.equals(after.toString()), first);
        assertEquals(java.time.LocalDate.parse(first).plusDays(89).toString(), calendar.at("/days/89/date").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1/calendar?days=0                 | days: must be a whole number from 1 to 366; was "0"
            v1/calendar?days=367               | days: must be a whole number from 1 to 366; was "367"
            v1/calendar?days=abc               | days: must be a whole number from 1 to 366; was "abc"
            v1/calendar?days=                  | days: must be a whole number from 1 to 366; was ""
            v1/calendar?from=x                 | from: must be a date like 2026-12-24; was "x"
            v1/calendar?from=2026-02-30        | from: must be a date like 2026-12-24; was "2026-02-30"
            v1/calendar.ics?from=2026-12-07&foo=1 | foo: unknown parameter; the calendar takes from and days
            v1/calendar?from=2026-12-07&from=x | from: must be a date like 2026-12-24; was "x"
            v1/calendar?from=%2B999999999-12-31 | from: must be a date in the years 0001 to 9999, the last day of the calendar by 9999-12-30; was "+999999999-12-31"
            v1/calendar.ics?days=10&from=9999-12-28 | from: must be a date in the years 0001 to 9999, the last day of the calendar by 9999-12-30; was "9999-12-28"
            """)
    void aBadCalendarQueryIs400BadQuery(String path, String message) throws Exception {
        HttpResponse<String> response = send("GET", path, null);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        org.deploypolicy.cli.SchemaCheck.error(response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("BAD_QUERY", error.get("error").asText());
        assertEquals(message, error.at("/problems/0/message").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1/decisions?format=xml            | format: must be json, markdown or both; was "xml"
            v1/decisions?pretty=true           | pretty: unknown parameter; a decision takes format
            """)
    void aBadDecisionQueryIs400BadQueryAndDecidesNothing(String path, String message) throws Exception {
        HttpResponse<String> response = send("POST", path,
                java.nio.file.Files.readString(java.nio.file.Path.of("samples/normal-tuesday-release.json")));

        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("BAD_QUERY", error.get("error").asText());
        assertEquals(message, error.at("/problems/0/message").asText());
    }

    @Test
    void theCalendarIsGetOnlyAndItsNeighboursAreNotFound() throws Exception {
        for (String path : List.of("v1/calendar", "v1/calendar.ics")) {
            HttpResponse<String> post = send("POST", path, "{}");
            assertEquals(405, post.statusCode(), path);
            assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
            org.deploypolicy.cli.SchemaCheck.error(post.body());
            assertEquals("METHOD_NOT_ALLOWED", JSON.readTree(post.body()).get("error").asText());
        }
        for (String path : List.of("v1/calendarx", "v1/calendar.icsx", "v1/calendar/2026")) {
            HttpResponse<String> response = send("GET", path, null);
            assertEquals(404, response.statusCode(), path);
            org.deploypolicy.cli.SchemaCheck.error(response.body());
            assertEquals("NOT_FOUND", JSON.readTree(response.body()).get("error").asText());
        }
    }

    @Test
    void aRuleThatThrowsIs500WithEvaluationFailedNamingTheRule(@TempDir Path fragile) throws Exception {
        org.deploypolicy.cli.FragilePolicy.writeTo(fragile);
        try (DecisionServer failing = DecisionServer.start(new DecisionServer.Options(fragile, "127.0.0.1", 0, 1, null))) {
            HttpRequest request = HttpRequest.newBuilder(failing.address().resolve("v1/decisions"))
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("samples/normal-tuesday-release.json"))))
                    .build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            OpenApiCheck.check(response);
            assertEquals(500, response.statusCode(), response.body());
            org.deploypolicy.cli.SchemaCheck.error(response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("EVALUATION_FAILED", error.get("error").asText(), response.body());
            assertTrue(Stream.of(JSON.convertValue(error.get("problems"), JsonNode[].class))
                    .anyMatch(problem -> "team.fragile".equals(problem.get("rule").asText(null))), response.body());
        }
    }

    @Test
    void reloadKeepsTheLastGoodPolicyAndServesTheNewOne() throws Exception {
        String before = server.policy().id().version();
        Files.writeString(policyDirectory.resolve("policy.yaml"), "extends: reference\nname: served\nzone: Mars/Olympus\n");
        HttpResponse<String> broken = send("POST", "v1/policy/reload", null);
        assertEquals(422, broken.statusCode());
        assertTrue(broken.body().contains("INVALID_POLICY"), broken.body());
        assertEquals(before, broken.headers().firstValue("X-Policy-Version").orElseThrow());
        assertEquals(before, server.policy().id().version());

        Files.writeString(policyDirectory.resolve("policy.yaml"), "extends: reference\nname: served\n"
                + "disabled: [window.preferred]\n");
        HttpResponse<String> good = send("POST", "v1/policy/reload", null);
        assertEquals(200, good.statusCode(), good.body());
        String after = JSON.readTree(good.body()).get("version").asText();
        assertEquals(after, server.policy().id().version());
        assertEquals(after, good.headers().firstValue("X-Policy-Version").orElseThrow());
        assertTrue(!after.equals(before));
        Files.writeString(policyDirectory.resolve("policy.yaml"), "extends: reference\nname: served\n");
        assertEquals(200, send("POST", "v1/policy/reload", null).statusCode());
    }

    @Test
    void aChangedDirectoryIsReloadedByItself() throws Exception {
        String before = server.policy().id().version();
        Files.writeString(policyDirectory.resolve("team.drl"), "package team;\n");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.policy().id().version().equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!server.policy().id().version().equals(before), "the change was not picked up");
        Files.delete(policyDirectory.resolve("team.drl"));
    }
}
