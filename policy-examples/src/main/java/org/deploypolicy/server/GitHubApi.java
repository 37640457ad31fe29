package org.deploypolicy.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GitHub's REST API as a GitHub App uses it: as the App (a short-lived JWT signed RS256 with its key) and as an
 * installation (a token taken with that JWT, kept until five minutes before it expires). A failure that may pass
 * (no answer, a 5xx, a rate limit: 403 or 429 with {@code Retry-After} or no requests left) is tried again after a
 * pause, at most {@value #ATTEMPTS} times; what still fails is a {@link Failure} that names the call and GitHub's
 * message, never a token, the key or a header.
 */
final class GitHubApi {
    /** What went wrong with a call: its method and path, and GitHub's status and message (or the network's). */
    static final class Failure extends Exception {
        private final int status;

        Failure(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }

        /** GitHub's status, or 0 when it did not answer. */
        int status() {
            return status;
        }
    }

    /** A call's status and JSON body (null when it had none), and the {@code Link} to its next page, if any. */
    record Response(int status, JsonNode body, Optional<String> next) {
    }

    static final int ATTEMPTS = 4;
    /** How many redirects one call follows (GitHub's own: a renamed or moved repository's API address). */
    static final int REDIRECTS = 5;
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);
    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final String appId;
    private final PrivateKey key;
    private final Clock clock;
    private final Duration firstPause;
    /**
     * Redirects are followed here, not by the client: the JDK's client sends a request's headers, the App's
     * credential among them, on to whatever host a redirect names.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<Long, Token> tokens = new ConcurrentHashMap<>();
    /** Until when GitHub asked for no calls (a rate limit longer than a pause), or the epoch. */
    private volatile Instant notBefore = Instant.EPOCH;

    private record Token(String value, Instant expires) {
    }

    /**
     * @param api        the API's root: {@code https://api.github.com}, or {@code https://HOST/api/v3}
     * @param firstPause the pause before the second attempt of a call; each later one doubles it
     */
    GitHubApi(URI api, String appId, PrivateKey key, Clock clock, Duration firstPause) {
        String root = api.toString();
        this.api = URI.create(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
        this.appId = appId;
        this.key = key;
        this.clock = clock;
        this.firstPause = firstPause;
    }

    URI api() {
        return api;
    }

    /** The App's JWT: issued a minute ago (GitHub's clock may run behind), for nine minutes. */
    String jwt() throws Failure {
        long now = clock.instant().getEpochSecond();
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode claims = JSON.createObjectNode().put("iat", now - 60).put("exp", now + 540).put("iss", appId);
        String payload = base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new Failure("cannot sign the App's JWT with its private key: " + e.getMessage(), 0);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An installation's token, taken again five minutes before it expires (or when GitHub no longer takes it). */
    private String token(long installation) throws Failure {
        Token token = tokens.get(installation);
        if (token != null && clock.instant().plus(TOKEN_MARGIN).isBefore(token.expires())) {
            return token.value();
        }
        Response taken = call("POST", "/app/installations/" + installation + "/access_tokens", null, jwt());
        if (taken.status() != 201 || !taken.body().path("token").isTextual()) {
            throw failure("POST", "/app/installations/" + installation + "/access_tokens", taken);
        }
        Instant expires = Instant.parse(taken.body().path("expires_at").asText("1970-01-01T00:00:00Z"));
        tokens.put(installation, new Token(taken.body().get("token").asText(), expires));
        return taken.body().get("token").asText();
    }

    /** GETs as the App ({@code /app/installations}). */
    Response getAsApp(String path) throws Failure {
        return expect(200, "GET", path, call("GET", path, null, jwt()));
    }

    /** GETs as an installation: a path under the API, or the next page's URL as GitHub gave it. */
    Response get(long installation, String pathOrUrl) throws Failure {
        return expect(200, "GET", pathOrUrl, asInstallation(installation, "GET", pathOrUrl, null));
    }

    /** Every page of a list, following each {@code Link: <...>; rel="next"} as GitHub gives it. */
    List<JsonNode> pages(long installation, String path) throws Failure {
        return pages(path, pageAt -> get(installation, pageAt));
    }

    /** Every page of a list, as the App ({@code /app/installations}). */
    List<JsonNode> pagesAsApp(String path) throws Failure {
        return pages(path, this::getAsApp);
    }

    /** A call for one page. */
    private interface Page {
        Response at(String pathOrUrl) throws Failure;
    }

    private static List<JsonNode> pages(String path, Page page) throws Failure {
        List<JsonNode> pages = new ArrayList<>();
        Optional<String> next = Optional.of(path);
        while (next.isPresent()) {
            Response answer = page.at(next.get());
            pages.add(answer.body());
            next = answer.next();
        }
        return pages;
    }

    /** POSTs JSON as an installation; the status is the caller's to judge (GitHub answers 422 to a second review). */
    Response post(long installation, String pathOrUrl, JsonNode body) throws Failure {
        return asInstallation(installation, "POST", pathOrUrl, body);
    }

    private Response asInstallation(long installation, String method, String pathOrUrl, JsonNode body) throws Failure {
        Response response = call(method, pathOrUrl, body, token(installation));
        if (response.status() == 401) {
            // the token expired or was revoked between two calls: take a new one, once
            tokens.remove(installation);
            response = call(method, pathOrUrl, body, token(installation));
        }
        return response;
    }

    private Response expect(int status, String method, String pathOrUrl, Response response) throws Failure {
        if (response.status() != status) {
            throw failure(method, pathOrUrl, response);
        }
        return response;
    }

    private Failure failure(String method, String pathOrUrl, Response response) {
        String message = response.body() != null && response.body().path("message").isTextual()
                ? response.body().get("message").asText() : "no message";
        return new Failure(method + " " + shown(pathOrUrl) + ": GitHub answered " + response.status() + " (" + message
                + ")", response.status());
    }

    /** A path or URL as a message shows it: the path under the API, whatever host it names. */
    private String shown(String pathOrUrl) {
        return pathOrUrl.startsWith(api.toString()) ? pathOrUrl.substring(api.toString().length()) : pathOrUrl;
    }

    private Response call(String method, String pathOrUrl, JsonNode body, String credential) throws Failure {
        return call(method, pathOrUrl, body, credential, 0);
    }

    /**
     * One call, tried again while it fails in a way that may pass, and sent on where GitHub redirects it as long as
     * that is under the API: the credential goes to no other host.
     */
    private Response call(String method, String pathOrUrl, JsonNode body, String credential, int redirects)
            throws Failure {
        if (clock.instant().isBefore(notBefore)) {
            throw new Failure(method + " " + shown(pathOrUrl) + ": not sent: GitHub's rate limit holds until "
                    + notBefore, 429);
        }
        URI uri = pathOrUrl.startsWith("/") ? URI.create(api + pathOrUrl) : URI.create(pathOrUrl);
        if (!uri.toString().startsWith(api + "/")) {
            throw new Failure(method + " " + pathOrUrl + ": not under the GitHub API " + api
                    + ", so not sent with the App's credentials", 0);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "deploy-policy")
                .header("Authorization", "Bearer " + credential);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        Duration pause = firstPause;
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = method + " " + shown(pathOrUrl) + ": no answer from GitHub (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                pause = waitBefore(attempt, pause, Optional.empty());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(method + " " + shown(pathOrUrl) + ": interrupted", 0);
            }
            Optional<String> location = answer.headers().firstValue("Location");
            if (REDIRECT_STATUSES.contains(answer.statusCode()) && location.isPresent()) {
                if (redirects == REDIRECTS) {
                    throw new Failure(method + " " + shown(pathOrUrl) + ": more than " + REDIRECTS + " redirects",
                            answer.statusCode());
                }
                // 303 says to GET the other address; the others, to send the same request there
                boolean seeOther = answer.statusCode() == 303;
                return call(seeOther ? "GET" : method, uri.resolve(location.get()).toString(), seeOther ? null : body,
                        credential, redirects + 1);
            }
            Response response = new Response(answer.statusCode(), json(answer.body()),
                    answer.headers().firstValue("Link").flatMap(GitHubApi::next));
            Optional<Duration> asked = retryAfter(answer, response.body());
            if (!mayPass(answer, asked)) {
                return response;
            }
            last = failure(method, pathOrUrl, response).getMessage();
            if (asked.isPresent() && asked.get().compareTo(LONGEST_PAUSE) > 0) {
                // nothing is sent until then, a comment included: GitHub may ban an App that goes on calling
                notBefore = clock.instant().plus(asked.get());
                throw new Failure(last + "; GitHub asks to wait " + asked.get().toSeconds() + " s, tried again later",
                        answer.statusCode());
            }
            pause = waitBefore(attempt, pause, asked);
        }
        throw new Failure(last + " (" + ATTEMPTS + " attempts)", 0);
    }

    /** Whether a failure may pass if tried again: a 5xx, or a rate limit (403 or 429 that says so). */
    private static boolean mayPass(HttpResponse<byte[]> answer, Optional<Duration> asked) {
        int status = answer.statusCode();
        return status >= 500 || status == 429
                || status == 403 && (asked.isPresent()
                || answer.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent());
    }

    /**
     * How long GitHub asks to wait: {@code Retry-After} seconds, or until {@code x-ratelimit-reset} when none are
     * left, or a minute for a secondary rate limit that names no time.
     */
    private Optional<Duration> retryAfter(HttpResponse<byte[]> answer, JsonNode body) {
        Optional<String> after = answer.headers().firstValue("Retry-After");
        if (after.isPresent()) {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(after.get().trim()))));
            } catch (NumberFormatException e) {
                return Optional.of(LONGEST_PAUSE);
            }
        }
        if (answer.headers().firstValue("x-ratelimit-remaining").filter("0"::equals).isPresent()) {
            try {
                long reset = Long.parseLong(answer.headers().firstValue("x-ratelimit-reset").orElse("").trim());
                return Optional.of(Duration.ofSeconds(Math.max(1, reset - clock.instant().getEpochSecond())));
            } catch (NumberFormatException e) {
                return Optional.of(LONGEST_PAUSE);
            }
        }
        if (answer.statusCode() == 429 || answer.statusCode() == 403 && secondaryLimit(body)) {
            // GitHub: without retry-after, wait at least a minute before trying again
            return Optional.of(LONGEST_PAUSE);
        }
        return Optional.empty();
    }

    /** Whether a 403 is GitHub's secondary rate limit, which its message says ("You have exceeded a secondary ..."). */
    private static boolean secondaryLimit(JsonNode body) {
        return body != null && body.path("message").asText("").toLowerCase(java.util.Locale.ROOT)
                .contains("secondary rate limit");
    }

    /** Waits before another attempt (none after the last), GitHub's wait when it asks one; the next pause. */
    private static Duration waitBefore(int attempt, Duration pause, Optional<Duration> asked) throws Failure {
        if (attempt == ATTEMPTS) {
            return pause;
        }
        try {
            Thread.sleep(asked.orElse(pause).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while waiting to call GitHub again", 0);
        }
        return pause.multipliedBy(2);
    }

    private static Optional<String> next(String link) {
        Matcher m = NEXT.matcher(link);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", "an answer that is not JSON");
        }
    }
}
