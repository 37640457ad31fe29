package org.deploypolicy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.deploypolicy.server.FakeGitHub.APP_ID;
import static org.deploypolicy.server.FakeGitHub.INSTALLATION;
import static org.deploypolicy.server.FakeGitHub.REPO;
import static org.deploypolicy.server.FakeGitHub.WAITING_RUNS;
import static org.deploypolicy.server.FakeGitHub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.deploypolicy.cli.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a GitHub App, end to end: {@code DecisionServer} with the App on, against a fake GitHub on
 * loopback ({@link FakeGitHub}), driven by signed webhook deliveries shaped like GitHub's documented examples, and
 * judged by what the App posts to the run's callback. The pull request, its reviews and check runs are the
 * recorded payloads {@code from-github}'s tests read (release PR #298, {@code src/test/resources/github}); the
 * policy is the reference with a roster of GitHub logins ({@code github-app/policy}).
 *
 * <p>One service and one fake serve every case but Friday's, whose run is found again by the re-check sweep and
 * so has a service of its own that sweeps every 200 ms. Each case stubs what it needs, uses a run of its own, and
 * is checked afterwards for what GitHub would refuse or should never see: a call without the App's JWT or an
 * installation token, an answer GitHub's schema does not take, a comment over 1,024 characters or holding a
 * token, the key or the webhook secret. The App works on one thread, in order, so a case waits for what it asked
 * by waiting for an answer, never by sleeping.
 */
class GitHubAppEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path POLICY = Path.of("src", "test", "resources", "github-app", "policy");
    static final String HEAD = "4be1a2c9d0e3f5a7b8c6d2e1f0a9b8c7d6e5f4a3";
    static final String OLDER_COMMIT = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c";
    static final String MERGE_COMMIT = "e5a9c3f1b7d2048c6e1a3f5b7d9c0e2a4f6b8d1c";
    static final String HOTFIX_HEAD = "c0ffee1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b";
    static final String MAIN_COMMIT = "7c1d3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d";
    static final String STAGING_COMMIT = "5a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    static final String DEV_COMMIT = "d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2";
    static final Instant TUESDAY = OffsetDateTime.parse("2026-11-24T10:30:00+03:00").toInstant();
    static final Instant FRIDAY = OffsetDateTime.parse("2026-11-27T10:00:00+03:00").toInstant();
    static final Instant SATURDAY_NIGHT = OffsetDateTime.parse("2026-11-28T23:10:00+03:00").toInstant();
    static final Instant MONDAY = OffsetDateTime.parse("2026-11-30T00:00:00+03:00").toInstant();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static KeyPair appKey;
    static Path pkcs1;
    static Path secretFile;
    static String secret;
    static MovableClock clock;
    static FakeGitHub github;
    static DecisionServer server;
    /** Each case's run, so that no answer is taken for another's. */
    private static final AtomicLong RUNS = new AtomicLong(31_877_640_700L);

    /** The decision time the App reads: stopped at a time the test sets, or running on from it. */
    static final class MovableClock extends Clock {
        private volatile Instant at;
        /** The real time {@link #at} was set, for a running clock; null for a stopped one. */
        private volatile Long since;

        MovableClock(Instant at) {
            this.at = at;
        }

        /** Stops the clock at a time. */
        void set(Instant time) {
            since = null;
            at = time;
        }

        /** Sets the clock to a time and lets it run on from there as real time does. */
        void runFrom(Instant time) {
            at = time;
            since = System.nanoTime();
        }

        @Override
        public Instant instant() {
            Long started = since;
            return started == null ? at : at.plusNanos(System.nanoTime() - started);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the App's clock stays in UTC");
        }
    }

    /** Standard error before the class, and what the service logged there while it ran (a copy). */
    private static PrintStream stderr;
    private static final java.io.ByteArrayOutputStream LOGGED = new java.io.ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        stderr = System.err;
        // the service logs through SLF4J's simple backend, which writes to System.err as it is at each line
        System.setErr(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                stderr.write(b);
                synchronized (LOGGED) {
                    LOGGED.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stderr.write(bytes, offset, length);
                synchronized (LOGGED) {
                    LOGGED.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        appKey = rsa.generateKeyPair();
        // as GitHub issues an App's key: PKCS#1
        pkcs1 = pem(dir.resolve("github-app.pem"), appKey.getPrivate());
        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"), Files.readString(pkcs1));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        secret = HexFormat.of().formatHex(random);
        secretFile = Files.writeString(dir.resolve("github-webhook-secret"), secret + "\n");
        clock = new MovableClock(TUESDAY);
        github = new FakeGitHub(appKey.getPublic(), clock::instant);
        server = DecisionServer.start(options(github, pkcs1, Duration.ofHours(1), clock));
        // the sweep at the start lists the waiting runs (none): done once it asked for them
        await(() -> !github.wiremock().findAll(getRequestedFor(urlEqualTo(WAITING_RUNS))).isEmpty(),
                "the sweep at the start", github);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        System.setErr(stderr);
        String logged;
        synchronized (LOGGED) {
            logged = LOGGED.toString(StandardCharsets.UTF_8);
        }
        try {
            assertTrue(logged.contains("GitHub: alga-et/alga-api run"), "the App logged its answers");
            for (String token : github.tokensIssued()) {
                assertFalse(logged.contains(token), "a token in the log");
            }
            assertFalse(logged.contains(secret) || logged.contains("PRIVATE KEY")
                    || logged.contains(Files.readString(pkcs1).lines().skip(1).findFirst().orElseThrow()),
                    "the secret or the key in the log");
        } finally {
            if (github != null) {
                github.close();
            }
        }
    }

    @BeforeEach
    void fresh() {
        github.reset();
        clock.set(TUESDAY);
    }

    @AfterEach
    void nothingGitHubWouldRefuseOrShouldNotSee() throws IOException {
        assertSound(github);
    }

    static DecisionServer.Options options(FakeGitHub fake, Path key, Duration recheck, Clock at) {
        return options(fake, key, recheck, at, List.of());
    }

    /** The service on loopback with the policy and these bearer tokens, the App calling the fake GitHub. */
    static DecisionServer.Options options(FakeGitHub fake, Path key, Duration recheck, Clock at, List<String> tokens) {
        GitHubApp.Options app = new GitHubApp.Options(APP_ID, key, secretFile, URI.create(fake.api()), Map.of(),
                Map.of(), List.of("yonas"), recheck, at, Duration.ofMillis(50));
        return new DecisionServer.Options(POLICY, "127.0.0.1", 0, 2, null, tokens, false, false, Duration.ZERO,
                false, false, null, app);
    }

    @Test
    void theReleaseIsApprovedOnTuesdayMorning() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        JsonNode answer = firstAnswer(run, protectionRule(run));
        assertState(answer, "approved", "pull request #298", "approved");
    }

    @Test
    void theAppsDecisionsAreCountedAsTheServicesAre() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        double before = approvedDecisions();

        assertState(firstAnswer(run, protectionRule(run)), "approved", "pull request #298");

        assertTrue(approvedDecisions() >= before + 1, "deploy_policy_decisions_total{outcome=\"APPROVED\"}");
    }

    /** The service's count of approved decisions, from {@code /metrics}. */
    private static double approvedDecisions() throws Exception {
        HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(server.address().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines().filter(line -> line.startsWith("deploy_policy_decisions_total{outcome=\"APPROVED\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aDeliveryOverOneMebibyteIsRefusedUnread() throws Exception {
        byte[] body = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = deliver(server, "ping", body, signature(secret, body));

        assertEquals(413, response.statusCode(), response.body());
        assertEquals("BAD_DELIVERY", JSON.readTree(response.body()).get("error").asText());
    }

    @Test
    void aFailedRequiredCheckIsRejectedNamingTheRule() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks-failing.json");
        assertState(firstAnswer(run, protectionRule(run)), "rejected", "rejected", "checklist.tests");
    }

    @Test
    void aReleaseWithoutItsTechLeadWaitsAndIsApprovedOnTheReviewEvent() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews-dismissed.json", "release-checks.json");
        assertWaiting(firstAnswer(run, protectionRule(run)), "pending", "approval.tech-lead");

        // selam approves again: GitHub has the review, lists the run as waiting, and sends the event
        github.stubGet(REPO + "/pulls/298/reviews?per_page=100", github.resource("github/release-reviews.json"));
        waiting(github, run);
        JsonNode review = JSON.readTree(github.resource("github-app/pull-request-review.json"));
        accepted(deliver(server, "pull_request_review", review));
        assertState(awaitAnswer(github, run, 2), "approved", "pull request #298");
    }

    @Test
    void everyPageOfReviewsAndCheckRunsIsRead() throws Exception {
        long run = RUNS.incrementAndGet();
        github.stubGet(REPO + "/pulls/298", github.resource("github/release-pull.json"));
        // page 2 has the Tech Lead's approval dismissed, and the re-run that passed api-tests after page 1's failure:
        // one page alone approves (reviews) or rejects (checks); both leave it pending on the Tech Lead
        String next = github.api() + "/repositories/612004411";
        JsonNode reviews = JSON.readTree(github.resource("github/release-reviews-slurped.json"));
        github.stubGet(REPO + "/pulls/298/reviews?per_page=100", reviews.get(0).toString(),
                "Link", "<" + next + "/pulls/298/reviews?per_page=100&page=2>; rel=\"next\", <" + next
                        + "/pulls/298/reviews?per_page=100&page=2>; rel=\"last\"");
        github.stubGet("/repositories/612004411/pulls/298/reviews?per_page=100&page=2", reviews.get(1).toString(),
                "Link", "<" + next + "/pulls/298/reviews?per_page=100&page=1>; rel=\"prev\", <" + next
                        + "/pulls/298/reviews?per_page=100&page=1>; rel=\"first\"");
        JsonNode checks = JSON.readTree(github.resource("github/release-checks-slurped.json"));
        github.stubGet(REPO + "/commits/" + HEAD + "/check-runs?per_page=100", checks.get(0).toString(),
                "Link", "<" + next + "/commits/" + HEAD + "/check-runs?per_page=100&page=2>; rel=\"next\", <" + next
                        + "/commits/" + HEAD + "/check-runs?per_page=100&page=2>; rel=\"last\"");
        github.stubGet("/repositories/612004411/commits/" + HEAD + "/check-runs?per_page=100&page=2",
                checks.get(1).toString(), "Link", "<" + next + "/commits/" + HEAD
                        + "/check-runs?per_page=100&page=1>; rel=\"prev\"");
        JsonNode answer = firstAnswer(run, protectionRule(run));
        assertWaiting(answer, "pending", "approval.tech-lead");
        assertFalse(answer.get("comment").asText().contains("checklist.tests"), answer.toString());
        assertEquals(1, requests(github, "/repositories/612004411/pulls/298/reviews?per_page=100&page=2"));
        assertEquals(1, requests(github, "/repositories/612004411/commits/" + HEAD + "/check-runs?per_page=100&page=2"));
    }

    @Test
    void aDeliveryWithoutTheRightSignatureIs401AndCallsNothing() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        byte[] body = protectionRule(run).toString().getBytes(StandardCharsets.UTF_8);
        String right = signature(secret, body);
        for (String signature : new String[] {null, "", "sha256=" + "0".repeat(64), signature("another-secret", body),
                "sha1=" + right.substring("sha256=".length()), right.substring(0, right.length() - 1)}) {
            HttpResponse<String> response = deliver(server, "deployment_protection_rule", body, signature);
            assertEquals(401, response.statusCode(), signature + ": " + response.body());
            assertEquals("UNAUTHORIZED", JSON.readTree(response.body()).get("error").asText());
        }
        HttpResponse<String> read = CLIENT.send(HttpRequest.newBuilder(server.address().resolve("v1/github/events"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(read);
        assertEquals(405, read.statusCode(), read.body());
        // the body signed, but altered after: refused too
        byte[] altered = new String(body, StandardCharsets.UTF_8).replace("\"production\"", "\"staging\"")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(401, deliver(server, "deployment_protection_rule", altered, signature(secret, body)).statusCode());
        afterWhatWasQueued();
        for (ServeEvent served : github.served()) {
            assertFalse(served.getRequest().getUrl().contains(String.valueOf(run))
                            || served.getRequest().getUrl().contains("/pulls/298"),
                    "a refused delivery called GitHub: " + served.getRequest().getUrl());
        }
    }

    @Test
    void whatIsNotADecisionToMakeIsAcknowledgedAndLeftAlone() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        // GitHub's ping, when the App is created
        ObjectNode ping = JSON.createObjectNode().put("zen", "Design for failure.").put("hook_id", 512300871);
        ping.putObject("hook").put("type", "App").put("id", 512300871).put("app_id", Long.parseLong(APP_ID));
        accepted(deliver(server, "ping", ping));
        // a callback on another host: the App's token never goes there
        ObjectNode elsewhere = protectionRule(run);
        elsewhere.put("deployment_callback_url", "https://api.github.example" + REPO + "/actions/runs/" + run
                + "/deployment_protection_rule");
        accepted(deliver(server, "deployment_protection_rule", elsewhere));
        // signed, but not JSON
        byte[] text = "environment=production".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = deliver(server, "deployment_protection_rule", text, signature(secret, text));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("BAD_DELIVERY", JSON.readTree(response.body()).get("error").asText());
        afterWhatWasQueued();
        for (ServeEvent served : github.served()) {
            assertFalse(served.getRequest().getUrl().contains(String.valueOf(run))
                    || served.getRequest().getUrl().contains("/pulls/298"), "called " + served.getRequest().getUrl());
        }
    }

    @Test
    void aLongCommentIsCutToGitHubsLimit() throws Exception {
        long run = RUNS.incrementAndGet();
        // a major, breaking payments change with migrations, no checklist, no review and no check run yet
        ObjectNode pull = (ObjectNode) JSON.readTree(github.resource("github/release-pull.json"));
        pull.put("body", "Everything at once.");
        ArrayNode labels = pull.putArray("labels");
        for (String label : List.of("major", "breaking", "payments", "database-migrations")) {
            labels.addObject().put("name", label);
        }
        github.stubGet(REPO + "/pulls/298", pull.toString());
        github.stubGet(REPO + "/pulls/298/reviews?per_page=100", "[]");
        github.stubGet(REPO + "/commits/" + HEAD + "/check-runs?per_page=100", "{\"total_count\": 0, \"check_runs\": []}");
        JsonNode answer = firstAnswer(run, protectionRule(run));
        assertWaiting(answer, "pending", "approval.tech-lead");
        String comment = answer.get("comment").asText();
        assertTrue(comment.length() <= GitHubApp.COMMENT_LIMIT && comment.endsWith("\n(and more)"), comment);
    }

    @Test
    void aTokenThatExpiresBetweenTwoCallsIsTakenAgainOnce() throws Exception {
        long run = RUNS.incrementAndGet();
        long installation = INSTALLATION + 1;
        release("release-reviews.json", "release-checks.json");
        // GitHub stops taking the installation's first token after the pull request was read
        github.wiremock().stubFor(get(urlEqualTo(REPO + "/pulls/298/reviews?per_page=100")).atPriority(1)
                .withName("the first token, expired")
                .withHeader("Authorization", equalTo("Bearer " + FakeGitHub.token(installation, 1)))
                .willReturn(json(401, "{\"message\": \"Bad credentials\"}")));
        ObjectNode event = protectionRule(run);
        ((ObjectNode) event.get("installation")).put("id", installation);
        JsonNode answer = firstAnswer(run, event);
        assertState(answer, "approved", "pull request #298");
        assertEquals(2, github.tokensTaken(installation));
        assertEquals(2, requests(github, REPO + "/pulls/298/reviews?per_page=100"));
        assertEquals("Bearer " + FakeGitHub.token(installation, 2),
                github.answers(run).get(0).getHeader("Authorization"));
    }

    @Test
    void aServerErrorIsTriedAgain() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(REPO + "/pulls/298"))).inScenario("502")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(502)
                        .withHeader("Content-Type", "text/html").withBody("<html><body>Bad gateway</body></html>")));
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(REPO + "/pulls/298"))).inScenario("502")
                .whenScenarioStateIs("up").willReturn(json(200, github.resource("github/release-pull.json"))));
        assertState(firstAnswer(run, protectionRule(run)), "approved", "pull request #298");
        assertEquals(2, requests(github, REPO + "/pulls/298"));
    }

    @Test
    void aRedirectWithinTheApiIsFollowed() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        // a repository renamed since: GitHub moves its API address to one by id
        String moved = "/repositories/612004411/pulls/298";
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(REPO + "/pulls/298")))
                .willReturn(json(301, "{\"message\": \"Moved Permanently\", \"url\": \"" + github.api() + moved + "\"}",
                        "Location", github.api() + moved)));
        github.stubGet(moved, github.resource("github/release-pull.json"));
        assertState(firstAnswer(run, protectionRule(run)), "approved", "pull request #298");
        assertEquals(1, requests(github, moved));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedWithTheToken() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        List<String> reached = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] pull = github.resource("github/release-pull.json").getBytes(StandardCharsets.UTF_8);
        elsewhere.createContext("/", exchange -> {
            reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " with "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, pull.length);
            exchange.getResponseBody().write(pull);
            exchange.close();
        });
        elsewhere.start();
        try {
            github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(REPO + "/pulls/298")))
                    .willReturn(aResponse().withStatus(307).withHeader("Location", "http://127.0.0.1:"
                            + elsewhere.getAddress().getPort() + REPO + "/pulls/298")));
            assertWaiting(firstAnswer(run, protectionRule(run)), "could not decide yet", "not under the GitHub API");
            assertEquals(List.of(), reached);
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void aRateLimitIsWaitedOutAsGitHubAsks() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        String reviews = REPO + "/pulls/298/reviews?per_page=100";
        String checks = REPO + "/commits/" + HEAD + "/check-runs?per_page=100";
        // the primary limit (403, none left until the reset) on the reviews, a secondary one (429, Retry-After) on
        // the check runs
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(reviews))).inScenario("primary")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(json(403, "{\"message\": \"API rate limit exceeded for installation ID " + INSTALLATION
                        + ".\", \"documentation_url\": \"https://docs.github.com/rest/overview/"
                        + "rate-limits-for-the-rest-api\"}",
                        "x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0", "x-ratelimit-used", "5000",
                        "x-ratelimit-reset", String.valueOf(TUESDAY.getEpochSecond() + 1),
                        "x-ratelimit-resource", "core")));
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(reviews))).inScenario("primary")
                .whenScenarioStateIs("reset").willReturn(json(200, github.resource("github/release-reviews.json"))));
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(checks))).inScenario("secondary")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("later")
                .willReturn(json(429, "{\"message\": \"You have exceeded a secondary rate limit. Please wait a few "
                        + "minutes before you try again.\"}", "Retry-After", "1")));
        github.wiremock().stubFor(github.asInstallation(get(urlEqualTo(checks))).inScenario("secondary")
                .whenScenarioStateIs("later").willReturn(json(200, github.resource("github/release-checks.json"))));
        assertState(firstAnswer(run, protectionRule(run)), "approved", "pull request #298");
        for (String path : List.of(reviews, checks)) {
            List<LoggedRequest> calls = github.wiremock().findAll(getRequestedFor(urlEqualTo(path)));
            assertEquals(2, calls.size(), path);
            long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
            assertTrue(Math.abs(waited) >= 900, path + ": tried again after " + waited + " ms, not the second asked");
        }
    }

    @Test
    void anEnvironmentWithoutAMappingIsRejectedSayingWhy() throws Exception {
        long run = RUNS.incrementAndGet();
        ObjectNode event = protectionRule(run);
        event.put("environment", "staging");
        ((ObjectNode) event.get("deployment")).put("environment", "staging");
        JsonNode answer = firstAnswer(run, event);
        assertEquals("staging", answer.get("environment_name").asText());
        assertEquals("rejected", answer.path("state").asText(), answer.toString());
        assertTrue(answer.get("comment").asText().contains("\"staging\"")
                && answer.get("comment").asText().contains("--github-environment"), answer.toString());
    }

    @Test
    void aCommitNoPullRequestHoldsIsRejected() throws Exception {
        long run = RUNS.incrementAndGet();
        github.stubGet(REPO + "/commits/" + MERGE_COMMIT + "/pulls?per_page=100", "[]");
        ObjectNode event = protectionRule(run, MERGE_COMMIT);
        event.putArray("pull_requests");
        assertState(firstAnswer(run, event), "rejected", "no pull request", MERGE_COMMIT.substring(0, 7));
    }

    @Test
    void aCommitThatIsNeitherTheHeadNorTheMergeCommitIsRejected() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        // the pull request the event names does not hold the commit, and GitHub links it to none either
        github.stubGet(REPO + "/commits/" + OLDER_COMMIT + "/pulls?per_page=100", "[]");
        assertState(firstAnswer(run, protectionRule(run, OLDER_COMMIT)), "rejected", "no pull request",
                OLDER_COMMIT.substring(0, 7));
    }

    @Test
    void theMergeCommitOfAMergedPullRequestIsDecidedOnThatPullRequest() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        ObjectNode merged = (ObjectNode) JSON.readTree(github.resource("github/release-pull.json"));
        merged.put("state", "closed").put("merged", true).put("merged_at", "2026-11-24T07:20:00Z")
                .put("merge_commit_sha", MERGE_COMMIT);
        github.stubGet(REPO + "/pulls/298", merged.toString());
        github.stubGet(REPO + "/commits/" + MERGE_COMMIT + "/pulls?per_page=100",
                JSON.createArrayNode().add(merged).toString());
        // a push to main deploys: GitHub names no pull request in the event
        ObjectNode event = protectionRule(run, MERGE_COMMIT);
        event.put("event", "push").put("ref", "main").putArray("pull_requests");
        assertState(firstAnswer(run, event), "approved", "pull request #298");
    }

    @Test
    void aP1HotfixCutFromMainIsApprovedOnSaturdayNight() throws Exception {
        long run = RUNS.incrementAndGet();
        hotfix(List.of(HOTFIX_HEAD));
        assertState(firstAnswer(run, hotfixRule(run)), "approved", "pull request #311",
                "Write the full incident documentation");
    }

    @Test
    void aHotfixCutFromStagingIsRejected() throws Exception {
        long run = RUNS.incrementAndGet();
        // the hotfix carries a commit staging has and main has not
        hotfix(List.of(STAGING_COMMIT, HOTFIX_HEAD));
        assertState(firstAnswer(run, hotfixRule(run)), "rejected", "promotion.hotfix-base", "was cut from staging");
    }

    @Test
    void aMergedHotfixCutFromStagingIsRejectedWhenItsMergeCommitDeploys() throws Exception {
        long run = RUNS.incrementAndGet();
        String merge = "e1e2e3e4e5e6e7e8e9e0f1f2f3f4f5f6f7f8f9f0";
        hotfix(List.of(HOTFIX_HEAD));
        ObjectNode pull = (ObjectNode) JSON.readTree(github.resource("github/hotfix-pull.json"));
        ((ArrayNode) pull.get("labels")).addObject().put("name", "P1");
        pull.put("state", "closed").put("merged", true).put("merge_commit_sha", merge);
        github.stubGet(REPO + "/pulls/311", pull.toString());
        // merged, its commits are in main today: its history is read against main before the merge
        ObjectNode commit = JSON.createObjectNode().put("sha", merge);
        commit.putArray("parents").add(JSON.createObjectNode().put("sha", MAIN_COMMIT))
                .add(JSON.createObjectNode().put("sha", HOTFIX_HEAD));
        github.stubGet(REPO + "/commits/" + merge, commit.toString());
        github.stubGet(REPO + "/compare/" + MAIN_COMMIT + "..." + HOTFIX_HEAD + "?per_page=100",
                comparison(List.of(STAGING_COMMIT, HOTFIX_HEAD)));
        github.stubGet(REPO + "/compare/" + MAIN_COMMIT + "...staging?per_page=100", comparison(List.of(STAGING_COMMIT)));
        github.stubGet(REPO + "/compare/" + MAIN_COMMIT + "...dev?per_page=100",
                comparison(List.of(STAGING_COMMIT, DEV_COMMIT)));
        ObjectNode event = hotfixRule(run);
        event.put("sha", merge).put("ref", "main");
        ((ObjectNode) event.get("deployment")).put("sha", merge);

        assertState(firstAnswer(run, event), "rejected", "promotion.hotfix-base", "was cut from staging");
    }

    @Test
    void labelsOfTwoSeveritiesLeaveTheJobWaitingAsTheActionRefusesThem() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        ObjectNode pull = (ObjectNode) JSON.readTree(github.resource("github/release-pull.json"));
        ((ArrayNode) pull.get("labels")).addObject().put("name", "P2");
        ((ArrayNode) pull.get("labels")).addObject().put("name", "p4");
        github.stubGet(REPO + "/pulls/298", pull.toString());

        assertWaiting(firstAnswer(run, protectionRule(run, HEAD)), "labels of 2 severities (P2, P4)");
    }

    @Test
    void anAnswerGitHubRefusesAsAlreadyReviewedIsDone() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        github.wiremock().stubFor(github.asInstallation(post(urlEqualTo(REPO + "/actions/runs/" + run
                + "/deployment_protection_rule"))).willReturn(json(422, "{\"message\": \"Deployment protection "
                + "rule has already been reviewed\", \"documentation_url\": \"https://docs.github.com/rest/actions/"
                + "workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run\", \"status\": \"422\"}")));
        assertState(firstAnswer(run, protectionRule(run)), "approved", "pull request #298");
        afterWhatWasQueued();
        assertEquals(1, github.answers(run).size(), "answered again after GitHub's 422");
    }

    @Test
    void aFridayFeatureWaitsForItsWindowAndIsApprovedWhenTheClockReachesIt() throws Exception {
        long run = RUNS.incrementAndGet();
        MovableClock friday = new MovableClock(FRIDAY);
        // the same key as PKCS#8, which the App reads too
        Path pkcs8 = pem(dir.resolve("github-app-pkcs8.pem"), new JcaPKCS8Generator(appKey.getPrivate(), null));
        assertTrue(Files.readString(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----"));
        try (FakeGitHub sweeping = new FakeGitHub(appKey.getPublic(), friday::instant)) {
            stubRelease(sweeping, "release-reviews.json", "release-checks.json");
            // with bearer tokens, which GitHub's deliveries go without: their signature is their credential
            try (DecisionServer rechecking = DecisionServer.start(options(sweeping, pkcs8, Duration.ofMillis(200),
                    friday, List.of("dp-9f1c2e7a4b6d8035")))) {
                accepted(deliver(rechecking, "deployment_protection_rule", protectionRule(sweeping, run, HEAD)));
                assertWaiting(awaitAnswer(sweeping, run, 1), "waits: allowed from Mon 2026-11-30 00:00 EAT",
                        "window.friday");

                // from now on GitHub lists the run as waiting; sweeps on Friday decide it again and say nothing new
                waiting(sweeping, run);
                String pending = REPO + "/actions/runs/" + run + "/pending_deployments";
                await(() -> requests(sweeping, pending) >= 2, "two sweeps", sweeping);
                assertEquals(1, sweeping.answers(run).size(), "a sweep repeated the comment");
                // an hour later the finding's message names 11:00, not 10:00: the gist is the same, so no comment
                friday.set(friday.instant().plusSeconds(3600));
                int swept = requests(sweeping, pending);
                await(() -> requests(sweeping, pending) >= swept + 2, "two more sweeps", sweeping);
                assertEquals(1, sweeping.answers(run).size(), "a sweep an hour later commented again");

                friday.set(MONDAY);
                assertState(awaitAnswer(sweeping, run, 2), "approved", "pull request #298");
                // the token taken on Friday had expired by Monday: the App took another
                assertTrue(sweeping.tokensTaken(INSTALLATION) >= 2, "tokens taken: " + sweeping.tokensTaken(INSTALLATION));
            }
            assertSound(sweeping);
        }
    }

    @Test
    void aSundayReleaseWaitsAndIsApprovedWhenMondayComes() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        // a second and a half before Monday, the clock running: the App's own re-check at the window decides it
        clock.runFrom(MONDAY.minusMillis(1500));
        assertWaiting(firstAnswer(run, protectionRule(run)), "waits: allowed from Mon 2026-11-30 00:00 EAT",
                "window.weekend");
        assertState(awaitAnswer(github, run, 2), "approved", "pull request #298");
    }

    @Test
    void aReCheckAtTheWindowThatFindsItStillShutIsScheduledAgain() throws Exception {
        long run = RUNS.incrementAndGet();
        release("release-reviews.json", "release-checks.json");
        // the App's timer comes due while the clock it decides by still reads Sunday (stopped here; on a machine,
        // a wall clock that NTP slowed since the timer was set): it must look again, not wait for the next sweep
        clock.set(MONDAY.minusMillis(500));
        assertWaiting(firstAnswer(run, protectionRule(run)), "waits: allowed from Mon 2026-11-30 00:00 EAT");
        await(() -> requests(github, REPO + "/pulls/298") >= 2, "the re-check at the window", github);
        clock.set(MONDAY);
        assertState(awaitAnswer(github, run, 2), "approved", "pull request #298");
    }

    @Test
    void serveRefusesTheAppWhenThePolicyHasNoRoster() throws Exception {
        Cli.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("serve", "--port", "0",
                "--github-app-id", APP_ID, "--github-private-key", pkcs1.toString(),
                "--github-webhook-secret", secretFile.toString(), "--github-api", github.api()));
        assertEquals(64, run.exit(), run.err());
        assertTrue(run.err().contains("the GitHub App needs a roster in the policy"), run.err());
        assertTrue(run.err().contains("\"reference\" has none"), run.err());
        assertFalse(run.err().contains(secret), run.err());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DecisionServer.start(
                new DecisionServer.Options(null, "127.0.0.1", 0, 1, null, List.of(), false, false, Duration.ZERO,
                        false, false, null, options(github, pkcs1, Duration.ofHours(1), clock).github())));
        assertTrue(refused.getMessage().contains("needs a roster"), refused.getMessage());
        assertTrue(github.served().isEmpty(), "a refused App called GitHub");
    }

    @Test
    void serveRefusesAKeyThatCannotSignTheAppsJwt() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Path key = pem(dir.resolve("github-app-ec.pem"), new JcaPKCS8Generator(ec.generateKeyPair().getPrivate(), null));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DecisionServer.start(options(github, key, Duration.ofHours(1), clock)));
        assertEquals(key + ": the GitHub App's private key is EC; an App signs its JWT RS256, with the RSA key GitHub "
                + "issued", refused.getMessage());
        assertTrue(github.served().isEmpty(), "a refused App called GitHub");
    }

    /** Release PR #298 with these reviews and check runs, as GitHub's API answers them. */
    private static void release(String reviews, String checks) {
        stubRelease(github, reviews, checks);
    }

    private static void stubRelease(FakeGitHub fake, String reviews, String checks) {
        fake.stubGet(REPO + "/pulls/298", fake.resource("github/release-pull.json"));
        fake.stubGet(REPO + "/pulls/298/reviews?per_page=100", fake.resource("github/" + reviews));
        fake.stubGet(REPO + "/commits/" + HEAD + "/check-runs?per_page=100", fake.resource("github/" + checks));
    }

    /**
     * Hotfix PR #311 on Saturday night, labelled P1, whose branch has these commits beyond main; staging has one
     * unreleased commit, dev that and another.
     */
    private static void hotfix(List<String> beyondMain) throws IOException {
        clock.set(SATURDAY_NIGHT);
        ObjectNode pull = (ObjectNode) JSON.readTree(github.resource("github/hotfix-pull.json"));
        ((ArrayNode) pull.get("labels")).addObject().put("name", "P1");
        github.stubGet(REPO + "/pulls/311", pull.toString());
        github.stubGet(REPO + "/pulls/311/reviews?per_page=100", github.resource("github/hotfix-reviews.json"));
        github.stubGet(REPO + "/commits/" + HOTFIX_HEAD + "/check-runs?per_page=100",
                github.resource("github/hotfix-checks.json"));
        github.stubGet(REPO + "/compare/main..." + HOTFIX_HEAD + "?per_page=100", comparison(beyondMain));
        github.stubGet(REPO + "/compare/main...staging?per_page=100", comparison(List.of(STAGING_COMMIT)));
        github.stubGet(REPO + "/compare/main...dev?per_page=100", comparison(List.of(STAGING_COMMIT, DEV_COMMIT)));
    }

    /** {@code GET /repos/{o}/{r}/compare/main...HEAD}: the commits HEAD has beyond main, and what GitHub says of them. */
    private static String comparison(List<String> commits) {
        ObjectNode compare = JSON.createObjectNode().put("status", "ahead").put("ahead_by", commits.size())
                .put("behind_by", 0).put("total_commits", commits.size());
        compare.putObject("base_commit").put("sha", MAIN_COMMIT);
        compare.putObject("merge_base_commit").put("sha", MAIN_COMMIT);
        ArrayNode list = compare.putArray("commits");
        for (String sha : commits) {
            ObjectNode commit = list.addObject().put("sha", sha);
            commit.putObject("commit").put("message", "change " + sha.substring(0, 7));
            commit.putArray("parents").addObject().put("sha", MAIN_COMMIT);
        }
        compare.putArray("files");
        return compare.toString();
    }

    /** The event of a run deploying the hotfix's head to production. */
    private static ObjectNode hotfixRule(long run) throws IOException {
        ObjectNode event = protectionRule(run, HOTFIX_HEAD);
        event.put("ref", "hotfix/payment-timeouts");
        ObjectNode pull = (ObjectNode) event.get("pull_requests").get(0);
        pull.put("number", 311).put("url", github.api() + REPO + "/pulls/311");
        ((ObjectNode) pull.get("head")).put("ref", "hotfix/payment-timeouts").put("sha", HOTFIX_HEAD);
        return event;
    }

    /** GitHub lists the run as waiting on {@code production}. */
    private static void waiting(FakeGitHub fake, long run) throws IOException {
        ObjectNode runs = (ObjectNode) JSON.readTree(fake.resource("github-app/waiting-runs.json"));
        ((ObjectNode) runs.get("workflow_runs").get(0)).put("id", run);
        fake.stubGet(WAITING_RUNS, runs.toString());
        fake.stubGet(REPO + "/actions/runs/" + run + "/pending_deployments",
                fake.resource("github-app/pending-deployments.json"));
    }

    /** The {@code deployment_protection_rule} event of a run deploying the release's head to production. */
    private static ObjectNode protectionRule(long run) throws IOException {
        return protectionRule(github, run, HEAD);
    }

    private static ObjectNode protectionRule(long run, String sha) throws IOException {
        return protectionRule(github, run, sha);
    }

    private static ObjectNode protectionRule(FakeGitHub fake, long run, String sha) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(fake.resource("github-app/deployment-protection-rule.json"));
        event.put("deployment_callback_url", fake.api() + REPO + "/actions/runs/" + run + "/deployment_protection_rule");
        event.put("sha", sha);
        ((ObjectNode) event.get("deployment")).put("sha", sha);
        return event;
    }

    /** Delivers an event as GitHub does: signed with the webhook secret. */
    private static HttpResponse<String> deliver(DecisionServer to, String event, JsonNode payload) throws Exception {
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        return deliver(to, event, body, signature(secret, body));
    }

    private static HttpResponse<String> deliver(DecisionServer to, String event, byte[] body, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(to.address().resolve("v1/github/events"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/a1b2c3d")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-GitHub-Hook-ID", "512300871")
                .header("X-GitHub-Hook-Installation-Target-Type", "integration")
                .header("X-GitHub-Hook-Installation-Target-ID", APP_ID)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(response);
        return response;
    }

    private static void accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
    }

    /** {@code X-Hub-Signature-256} of a body: the HMAC-SHA256 with the secret, in hex. */
    static String signature(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the App is done with all it was asked so far: it works on one thread, in order, so once it has
     * answered a delivery sent now (an environment it has no mapping for, decided without a call), it has finished
     * everything before it, retries included.
     */
    private static void afterWhatWasQueued() throws Exception {
        long run = RUNS.incrementAndGet();
        ObjectNode event = protectionRule(run);
        event.put("environment", "qa");
        firstAnswer(run, event);
    }

    /** Delivers a run's {@code deployment_protection_rule} event and waits for the App's first answer to it. */
    private static JsonNode firstAnswer(long run, ObjectNode event) throws Exception {
        accepted(deliver(server, "deployment_protection_rule", event));
        return awaitAnswer(github, run, 1);
    }

    /** The {@code n}th answer the App posted to a run's callback (from 1), waited for. */
    private static JsonNode awaitAnswer(FakeGitHub fake, long run, int n) throws IOException {
        await(() -> fake.answers(run).size() >= n, "answer " + n + " to run " + run, fake);
        return JSON.readTree(fake.answers(run).get(n - 1).getBodyAsString());
    }

    /** Polls until the condition holds, failing after {@link #PATIENCE} with what the fake GitHub was asked. */
    private static void await(Supplier<Boolean> condition, String what, FakeGitHub fake) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                StringBuilder asked = new StringBuilder();
                for (ServeEvent served : fake.served()) {
                    asked.append("\n  ").append(served.getRequest().getMethod()).append(' ')
                            .append(served.getRequest().getUrl()).append(" -> ").append(served.getResponse().getStatus());
                }
                fail("no " + what + " within " + PATIENCE.toSeconds() + " s; GitHub was asked:" + asked);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static int requests(FakeGitHub fake, String pathAndQuery) {
        return fake.wiremock().findAll(getRequestedFor(urlEqualTo(pathAndQuery))).size();
    }

    private static void assertState(JsonNode answer, String state, String... said) {
        assertEquals("production", answer.path("environment_name").asText(), answer.toString());
        assertEquals(state, answer.path("state").asText(), answer.toString());
        assertSays(answer, said);
    }

    private static void assertWaiting(JsonNode answer, String... said) {
        assertEquals("production", answer.path("environment_name").asText(), answer.toString());
        assertFalse(answer.has("state"), "a comment alone, no state: " + answer);
        assertSays(answer, said);
    }

    private static void assertSays(JsonNode answer, String... said) {
        String comment = answer.path("comment").asText();
        for (String words : said) {
            assertTrue(comment.contains(words), "\"" + words + "\" in " + comment);
        }
    }

    /**
     * What GitHub would refuse or should never see: every App call with the App's JWT (never refused), every other
     * with a token it issued (refused only once the test's clock passed its expiry); each answer one of the two
     * bodies GitHub takes, its comment within 1,024 characters and free of every token, the key and the secret.
     */
    private static void assertSound(FakeGitHub fake) throws IOException {
        String key = Files.readString(pkcs1);
        for (ServeEvent served : fake.served()) {
            LoggedRequest request = served.getRequest();
            String call = request.getMethod() + " " + request.getUrl();
            String authorization = request.getHeader("Authorization");
            assertTrue(authorization != null && authorization.startsWith("Bearer "), call + ": " + authorization);
            String credential = authorization.substring("Bearer ".length());
            if (request.getUrl().startsWith("/app/")) {
                assertNull(fake.appJwtProblem(credential), call);
                assertNotEquals(FakeGitHub.REFUSED, served.getStubMapping().getName(), call + " was refused");
            } else {
                assertTrue(fake.tokensIssued().contains(credential), call + " without an installation token");
                // refused only when the clock moved past the token's expiry while the App held it
                assertTrue(!FakeGitHub.REFUSED.equals(served.getStubMapping().getName()) || fake.expired(credential),
                        call + " was refused");
            }
            assertEquals("2022-11-28", request.getHeader("X-GitHub-Api-Version"), call);
            if (request.getMethod().getName().equals("POST") && request.getUrl().endsWith("/deployment_protection_rule")) {
                JsonNode answer = JSON.readTree(request.getBodyAsString());
                Set<String> fields = new TreeSet<>();
                answer.fieldNames().forEachRemaining(fields::add);
                assertTrue(fields.equals(Set.of("comment", "environment_name", "state"))
                        && Set.of("approved", "rejected").contains(answer.get("state").asText())
                        || fields.equals(Set.of("comment", "environment_name")), call + ": " + answer);
                String comment = answer.get("comment").asText();
                assertTrue(comment.length() <= GitHubApp.COMMENT_LIMIT, call + ": " + comment.length() + " characters");
                for (String token : fake.tokensIssued()) {
                    assertFalse(comment.contains(token), call + ": a token in the comment");
                }
                assertFalse(comment.contains(secret) || comment.contains("PRIVATE KEY")
                        || comment.contains(key.lines().skip(1).findFirst().orElseThrow()), call + ": " + comment);
            }
        }
    }

    /** Writes a PEM object (a key, or a PKCS#8 generator) with Bouncy Castle, as {@code openssl} would. */
    private static Path pem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return file;
    }
}
