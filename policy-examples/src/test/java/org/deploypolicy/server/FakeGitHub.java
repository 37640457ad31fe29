package org.deploypolicy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * GitHub's REST API as a GitHub App meets it, faked on loopback with WireMock. Like GitHub, it answers an App call
 * ({@code /app/...}) only with a JWT signed RS256 by the App's key and issued by the App, and any other call only
 * with an installation token it issued ({@code POST /app/installations/ID/access_tokens}) that has not expired by
 * the test's clock; anything else gets {@code 401} from a stub named {@value #REFUSED}. Tokens are
 * {@code ghs_INSTALLATION_N}, the Nth taken for that installation, so a test knows which one the App holds.
 *
 * <p>{@link #reset()} leaves what every test needs: the sign-in, the installation with its one repository
 * ({@code alga-et/alga-api}) and no run waiting. Each test stubs the rest from the recorded payloads.
 */
final class FakeGitHub implements AutoCloseable {
    static final String APP_ID = "1234567";
    static final long INSTALLATION = 57120881;
    static final String REPO = "/repos/alga-et/alga-api";
    static final String WAITING_RUNS = REPO + "/actions/runs?status=waiting&per_page=100";
    /** The name of the stubs that refuse a call without the right credentials. */
    static final String REFUSED = "refused: bad credentials";
    static final Path RESOURCES = Path.of("src", "test", "resources");
    /** How long a token lives, as GitHub's do. */
    static final Duration TOKEN_LIFE = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");

    private final WireMockServer wiremock;
    private final PublicKey appKey;
    private final Supplier<Instant> clock;
    /** Every token issued, and when it expires. */
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> taken = new ConcurrentHashMap<>();

    FakeGitHub(PublicKey appKey, Supplier<Instant> clock) {
        this.appKey = appKey;
        this.clock = clock;
        this.wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(8)
                .jettyAcceptors(1).extensions(new TokenIssuer()));
        wiremock.start();
        reset();
    }

    /** The API's root, as {@code --github-api} names it. */
    String api() {
        return "http://127.0.0.1:" + wiremock.port();
    }

    WireMockServer wiremock() {
        return wiremock;
    }

    @Override
    public void close() {
        wiremock.stop();
    }

    /** Forgets every stub, scenario and request, then stubs what every test needs. Tokens issued stay valid. */
    void reset() {
        wiremock.resetAll();
        wiremock.stubFor(any(anyUrl()).atPriority(100).withName(REFUSED)
                .willReturn(json(401, "{\"message\": \"Bad credentials\", "
                        + "\"documentation_url\": \"https://docs.github.com/rest\", \"status\": \"401\"}")));
        wiremock.stubFor(post(urlPathMatching("/app/installations/\\d+/access_tokens")).andMatching(this::asTheApp)
                .willReturn(aResponse().withTransformers(TokenIssuer.NAME)));
        wiremock.stubFor(get(urlEqualTo("/app/installations?per_page=100")).andMatching(this::asTheApp)
                .willReturn(json(200, resource("github-app/installations.json"))));
        stubGet("/installation/repositories?per_page=100", resource("github-app/installation-repositories.json"));
        stubGet(WAITING_RUNS, "{\"total_count\": 0, \"workflow_runs\": []}");
        wiremock.stubFor(asInstallation(post(urlPathMatching(REPO + "/actions/runs/\\d+/deployment_protection_rule")))
                .willReturn(aResponse().withStatus(204)));
    }

    /** Answers a GET as an installation with 200 and this JSON. */
    void stubGet(String pathAndQuery, String body, String... headers) {
        wiremock.stubFor(asInstallation(get(urlEqualTo(pathAndQuery))).willReturn(json(200, body, headers)));
    }

    /** A stub that matches only a call with an installation token in force. */
    MappingBuilder asInstallation(MappingBuilder stub) {
        return stub.andMatching(this::withAToken);
    }

    /** A JSON answer with these headers (name, value, name, value...). */
    static ResponseDefinitionBuilder json(int status, String body, String... headers) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
        for (int i = 0; i < headers.length; i += 2) {
            response.withHeader(headers[i], headers[i + 1]);
        }
        return response;
    }

    /** A test resource's text, its GitHub API URLs pointing at this fake. */
    String resource(String name) {
        try {
            return Files.readString(RESOURCES.resolve(name)).replace("https://api.github.com", api());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token the App got the {@code n}th time it asked for one for {@code installation} (from 1). */
    static String token(long installation, int n) {
        return "ghs_" + installation + "_" + n;
    }

    /** How many tokens were issued for an installation. */
    int tokensTaken(long installation) {
        AtomicInteger count = taken.get(installation);
        return count == null ? 0 : count.get();
    }

    /** Every token issued so far. */
    List<String> tokensIssued() {
        return List.copyOf(tokens.keySet());
    }

    /** Whether an issued token has expired by the test's clock. */
    boolean expired(String token) {
        Instant expires = tokens.get(token);
        return expires != null && !clock.get().isBefore(expires);
    }

    /** The answers posted to a run's callback, oldest first. */
    List<LoggedRequest> answers(long run) {
        List<LoggedRequest> answers = new ArrayList<>(wiremock.findAll(postRequestedFor(
                urlEqualTo(REPO + "/actions/runs/" + run + "/deployment_protection_rule"))));
        answers.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return answers;
    }

    /** The requests made, oldest first. */
    List<ServeEvent> served() {
        List<ServeEvent> served = new ArrayList<>(wiremock.getAllServeEvents());
        served.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        return served;
    }

    /** Whether a call carries an installation token this fake issued and that has not expired. */
    MatchResult withAToken(Request request) {
        String bearer = bearer(request);
        Instant expires = bearer == null ? null : tokens.get(bearer);
        return MatchResult.of(expires != null && clock.get().isBefore(expires));
    }

    /** Whether a call carries a JWT of the App, in force by the test's clock. */
    MatchResult asTheApp(Request request) {
        String jwt = bearer(request);
        return MatchResult.of(appJwtProblem(jwt) == null && inForce(jwt, clock.get()));
    }

    /** Whether an App's JWT is in force at a time, as GitHub judges it: issued then or before, not yet expired. */
    private static boolean inForce(String jwt, Instant at) {
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            long now = at.getEpochSecond();
            return claims.path("iat").asLong() <= now && now < claims.path("exp").asLong();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * What is wrong with a JWT as the App's credential, whenever it is used, or null when nothing is: RS256, signed
     * with the App's key, issued by the App's id, for at most ten minutes.
     */
    String appJwtProblem(String jwt) {
        if (jwt == null) {
            return "no bearer credential";
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return "not a JWT";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!header.path("alg").asText().equals("RS256")) {
                return "alg is " + header.path("alg");
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(appKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return "the signature is not the App key's";
            }
            if (!claims.path("iss").asText().equals(APP_ID)) {
                return "iss is " + claims.path("iss");
            }
            long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
            return lifetime > 0 && lifetime <= 600 ? null : "a lifetime of " + lifetime + " s";
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "unreadable: " + e;
        }
    }

    private static String bearer(Request request) {
        String authorization = request.containsHeader("Authorization") ? request.getHeader("Authorization") : null;
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    /** {@code POST /app/installations/ID/access_tokens}: a new token, for an hour by the test's clock. */
    private final class TokenIssuer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "access-tokens";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Matcher m = ACCESS_TOKENS.matcher(event.getRequest().getUrl());
            if (!m.matches()) {
                return json(404, "{\"message\": \"Not Found\"}").build();
            }
            long installation = Long.parseLong(m.group(1));
            String token = token(installation, taken.computeIfAbsent(installation, i -> new AtomicInteger())
                    .incrementAndGet());
            Instant expires = clock.get().plus(TOKEN_LIFE);
            tokens.put(token, expires);
            ObjectNode body = JSON.createObjectNode().put("token", token).put("expires_at", expires.toString());
            body.putObject("permissions").put("actions", "read").put("checks", "read").put("contents", "read")
                    .put("deployments", "write").put("metadata", "read").put("pull_requests", "read");
            body.put("repository_selection", "selected");
            return json(201, body.toString()).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
