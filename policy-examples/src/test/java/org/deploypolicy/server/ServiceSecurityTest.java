package org.deploypolicy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deploypolicy.cli.Cli;
import org.deploypolicy.cli.SchemaCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service's bearer tokens: which endpoints ask for one, the 401 they answer without, the calendar made public,
 * reload, the refusal to serve outside loopback without tokens (in {@link DecisionServer.Options} and in
 * {@code serve}), and no token in the access log.
 */
class ServiceSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String FIRST = "dp-7c1e4a9f0b3d52e8";
    private static final String SECOND = "dp-second-41aa0c96e2";
    /** A comment line of the token file, one word: never a token. */
    private static final String COMMENT = "#dp-revoked-0000";
    private static final String APPROVED = "samples/normal-tuesday-release.json";

    @TempDir
    static Path dir;
    static Path tokenFile;
    /** Tokens, the calendar behind them. */
    static DecisionServer guarded;
    /** Tokens, the calendar public. */
    static DecisionServer publicCalendar;

    @BeforeAll
    static void start() throws IOException {
        tokenFile = Files.writeString(dir.resolve("tokens"), "# the deploy bots' tokens\n" + FIRST + "\n\n   \n"
                + COMMENT + "\n  " + SECOND + "  \n");
        List<String> tokens = DecisionServer.readTokens(tokenFile);
        assertEquals(List.of(FIRST, SECOND), tokens);
        guarded = DecisionServer.start(options("127.0.0.1", tokens, false, false));
        publicCalendar = DecisionServer.start(options("127.0.0.1", tokens, false, true));
    }

    @AfterAll
    static void stop() {
        for (DecisionServer server : new DecisionServer[] {guarded, publicCalendar}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static DecisionServer.Options options(String host, List<String> tokens, boolean insecureNoAuth,
                                                  boolean publicCalendar) {
        return new DecisionServer.Options(null, host, 0, 2, null, tokens, insecureNoAuth, publicCalendar,
                Duration.ZERO, true, false, null);
    }

    /** Sends a request with this {@code Authorization} header (none when null). */
    static HttpResponse<String> send(DecisionServer server, String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.address().resolve(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String body = method.equals("POST") && path.startsWith("v1/decisions") ? Files.readString(Path.of(APPROVED))
                : null;
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(response);
        return response;
    }

    /** Asserts a 401: the error object, its message, and the challenge. */
    static void assertUnauthorized(HttpResponse<String> response, String message) throws IOException {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(List.of("Bearer realm=\"deploy-policy\""), response.headers().allValues("WWW-Authenticate"));
        SchemaCheck.error(response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("UNAUTHORIZED", error.get("error").asText());
        assertEquals(message, error.at("/problems/0/message").asText());
    }

    private static final String NO_TOKEN = "a bearer token is required: Authorization: Bearer TOKEN";
    private static final String NOT_ACCEPTED = "the bearer token is not one this service accepts";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, v1/policy", "POST, v1/decisions", "POST, v1/decisions?format=both", "GET, metrics",
            "GET, v1/samples", "GET, v1/samples/friday-feature"})
    void anEndpointAnswers401WithoutTheRightTokenAnd200WithEither(String method, String path) throws Exception {
        for (DecisionServer server : List.of(guarded, publicCalendar)) {
            assertUnauthorized(send(server, method, path, null), NO_TOKEN);
            for (String wrong : List.of("Bearer wrong-token", "Bearer " + FIRST + "x", "Bearer " + FIRST.substring(1),
                    "Bearer " + COMMENT, "Bearer ", "Bearer", FIRST, "Basic " + FIRST, "Token " + FIRST,
                    "Bearer " + FIRST + "," + SECOND)) {
                assertUnauthorized(send(server, method, path, wrong), NOT_ACCEPTED);
            }
            for (String right : List.of("Bearer " + FIRST, "Bearer " + SECOND, "bearer " + FIRST,
                    "Bearer   " + SECOND)) {
                HttpResponse<String> response = send(server, method, path, right);
                assertEquals(200, response.statusCode(), right + ": " + response.body());
                assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "health/live", "health/ready", ""})
    void theHealthEndpointsAndThePlaygroundPageAreOpen(String path) throws Exception {
        for (DecisionServer server : List.of(guarded, publicCalendar)) {
            for (String authorization : new String[] {null, "Bearer wrong-token", "Bearer " + FIRST}) {
                HttpResponse<String> response = send(server, "GET", path, authorization);
                assertEquals(200, response.statusCode(), path + " " + authorization + ": " + response.body());
            }
        }
    }

    @Test
    void anUnknownPathIs404WithOrWithoutAToken() throws Exception {
        assertEquals(404, send(guarded, "GET", "nowhere", null).statusCode());
        assertEquals(404, send(guarded, "GET", "nowhere", "Bearer " + FIRST).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1/calendar?days=2", "v1/calendar.ics?days=2"})
    void theCalendarNeedsATokenUnlessItIsPublic(String path) throws Exception {
        assertUnauthorized(send(guarded, "GET", path, null), NO_TOKEN);
        assertUnauthorized(send(guarded, "GET", path, "Bearer wrong-token"), NOT_ACCEPTED);
        assertEquals(200, send(guarded, "GET", path, "Bearer " + SECOND).statusCode());

        assertEquals(200, send(publicCalendar, "GET", path, null).statusCode());
        assertEquals(200, send(publicCalendar, "GET", path, "Bearer wrong-token").statusCode());
        // only the calendar is public
        assertUnauthorized(send(publicCalendar, "GET", "v1/policy", null), NO_TOKEN);
    }

    @Test
    void reloadWithTokensNeedsOne() throws Exception {
        assertUnauthorized(send(guarded, "POST", "v1/policy/reload", null), NO_TOKEN);
        assertUnauthorized(send(guarded, "POST", "v1/policy/reload", "Bearer wrong-token"), NOT_ACCEPTED);

        HttpResponse<String> reloaded = send(guarded, "POST", "v1/policy/reload", "Bearer " + FIRST);

        assertEquals(200, reloaded.statusCode(), reloaded.body());
        assertEquals(guarded.policy().id().version(), reloaded.headers().firstValue("X-Policy-Version").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10", "no-such-host.invalid"})
    void optionsRefuseAnAddressOutsideLoopbackWithoutTokens(String host) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new DecisionServer.Options(null, host, 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> options(host, List.of(), false, false));

        assertEquals("serving on " + host + ", outside loopback, needs bearer tokens (--token-file); to serve "
                + "without them anyway, say --insecure-no-auth", refused.getMessage());
        // accepted knowingly, or with tokens (constructed only: nothing binds outside loopback here)
        assertEquals(host, options(host, List.of(), true, false).host());
        assertEquals(List.of(FIRST), options(host, List.of(FIRST), false, false).tokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1"})
    void optionsAcceptLoopbackWithoutTokens(String host) {
        assertEquals(List.of(), new DecisionServer.Options(null, host, 0, 1, null).tokens());
    }

    @Test
    void optionsRefuseABlankToken() {
        // "Authorization: Bearer " would present the empty token
        for (String blank : List.of("", "  ")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> options("127.0.0.1", List.of(FIRST, blank), false, false));
            assertTrue(refused.getMessage().contains("token"), refused.getMessage());
        }
    }

    @Test
    void serveOutsideLoopbackWithoutTokensIsAUsageErrorBeforeBinding() {
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Cli.run("serve", "--host", "0.0.0.0", "--port", "0"));

        assertEquals(64, run.exit(), run::toString);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("serving on 0.0.0.0, outside loopback, needs bearer tokens: give "
                + "--token-file FILE (one token a line), or --insecure-no-auth to serve without them anyway"),
                run.err());
    }

    @Test
    void aTokenFileWithoutATokenIsAUsageError() throws IOException {
        Path empty = Files.writeString(dir.resolve("no-tokens"), "# none yet\n\n   \n#dp-revoked\n");

        for (String host : List.of("127.0.0.1", "0.0.0.0")) {
            Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> Cli.run("serve", "--host", host, "--port", "0", "--token-file", empty.toString()));

            assertEquals(64, run.exit(), run::toString);
            assertEquals("", run.out());
            assertTrue(run.err().startsWith(empty + ": holds no token (one a line; # starts a comment)"), run.err());
        }
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstToken() throws IOException {
        Path marked = Files.writeString(dir.resolve("marked-tokens"), "\uFEFF" + FIRST + "\r\n" + SECOND + "\r\n");

        assertEquals(List.of(FIRST, SECOND), DecisionServer.readTokens(marked));
    }

    @Test
    void aTokenWithWhiteSpaceInsideIsAUsageErrorNamingTheLine() throws IOException {
        Path spaced = Files.writeString(dir.resolve("spaced-tokens"), FIRST + "\n# a comment\nhalf token\n");

        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Cli.run("serve", "--port", "0", "--token-file", spaced.toString()));

        assertEquals(64, run.exit(), run::toString);
        assertTrue(run.err().startsWith(spaced + ":3: a token is one word; this line has white space inside"),
                run.err());
    }

    @Test
    void aMissingTokenFileIsExit74NamingIt() {
        Path missing = dir.resolve("no-such-tokens");

        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Cli.run("serve", "--port", "0", "--token-file", missing.toString()));

        assertEquals(74, run.exit(), run::toString);
        assertEquals(missing + ": cannot read the token file: no such file" + System.lineSeparator(), run.err());
    }

    @Test
    void noTokenIsWrittenToTheAccessLog() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        List<Integer> statuses = new ArrayList<>();
        try {
            for (String authorization : List.of("Bearer " + FIRST, "Bearer " + SECOND, "Bearer wrong-sekrit-42",
                    "Basic " + FIRST)) {
                statuses.add(send(guarded, "POST", "v1/decisions?format=json", authorization).statusCode());
                statuses.add(send(guarded, "GET", "v1/policy", authorization).statusCode());
                statuses.add(send(guarded, "GET", "health", authorization).statusCode());
            }
            // the access log's line is written after the response is sent
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (accessLines(captured).size() < statuses.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        List<JsonNode> lines = accessLines(captured);
        assertEquals(statuses.size(), lines.size(), log);
        // each line is written after its response is sent: two workers may write them out of order
        assertEquals(statuses.stream().sorted().toList(),
                lines.stream().map(line -> line.get("status").asInt()).sorted().toList(), log);
        for (JsonNode line : lines) {
            if (line.get("status").asInt() != 200) {
                assertFalse(line.has("policyVersion"), () -> "no policy decided this request: " + line);
            }
        }
        assertEquals(4, lines.stream().filter(line -> line.path("query").asText().equals("format=json")).count(), log);
        for (String secret : List.of(FIRST, SECOND, "wrong-sekrit-42", "Authorization", "Bearer")) {
            assertFalse(log.contains(secret), () -> secret + " in the access log:\n" + log);
        }
    }

    /** The access log's JSON lines among what was written to standard error. */
    private static List<JsonNode> accessLines(ByteArrayOutputStream captured) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            int json = line.indexOf('{');
            if (line.contains("org.deploypolicy.access") && json >= 0) {
                lines.add(JSON.readTree(line.substring(json)));
            }
        }
        return lines;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
