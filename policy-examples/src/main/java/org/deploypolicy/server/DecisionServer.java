package org.deploypolicy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.deploypolicy.ApprovalRecord;
import org.deploypolicy.Decision;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.IoProblem;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Problem;
import org.deploypolicy.ReloadingPolicy;
import org.deploypolicy.RequestProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP decision service of docs/contract.md "HTTP", on the JDK's built-in server: {@code POST /v1/decisions},
 * {@code GET /v1/policy}, {@code GET /health}, {@code POST /v1/policy/reload} (loopback only), the deploy calendar
 * ({@code GET /v1/calendar}, {@code GET /v1/calendar.ics}), the samples, and the playground page at {@code /}. It binds to loopback unless told otherwise, reads at most 1 MiB per request,
 * times out slow requests, and decides on a bounded pool of workers (a request over the pool's queue is
 * refused by closing its connection).
 */
public final class DecisionServer implements AutoCloseable {
    /** Largest request body read, as docs/contract.md limits a request. */
    static final int MAX_BODY = PolicyJson.MAX_REQUEST_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SAMPLES = List.of("normal-tuesday-release", "friday-feature",
            "critical-fix-friday", "p1-hotfix-saturday-night", "breaking-change-pending-ceo", "rollback-api-errors",
            "rollback-payment-failures", "rollback-security-incident", "rollback-customer-bug");

    private static final Logger LOG = LoggerFactory.getLogger("org.deploypolicy.server");
    private static final Logger ACCESS = LoggerFactory.getLogger("org.deploypolicy.access");

    private final HttpServer http;
    private final ThreadPoolExecutor workers;
    private final Supplier<DeploymentPolicy> build;
    /** The policy serving, or null until one builds (with {@link Options#startUnready()}). */
    private volatile ReloadingPolicy policy;
    /** What the last reload did, or null before the first. */
    private volatile Reloaded lastReload;
    private final Object reloading = new Object();
    private final WatchService watcher;
    private final Options options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final BearerTokens tokens;
    private final GitHubApp github;
    /** Why the last decision could not be written to the log, or null while it could. */
    private volatile String logFailure;
    /** How many days {@code /v1/calendar} and {@code /v1/calendar.ics} cover unless asked otherwise. */
    static final int CALENDAR_DAYS = 90;

    /**
     * How to serve.
     *
     * @param policy         the policy directory, or null for the reference policy
     * @param host           the address to bind ({@code 127.0.0.1} unless the service must be reached from elsewhere)
     * @param port           the port, or 0 for a free one
     * @param workers        how many requests are decided at once
     * @param log            where decisions are written, or null; a decision that cannot be written there is
     *                       answered {@code 503} with {@code IO_FAILED}, never sent unrecorded
     * @param tokens         the bearer tokens every endpoint but the health endpoints, the playground's page (and,
     *                       with {@code publicCalendar}, the calendar) needs; empty for none
     * @param insecureNoAuth serve outside loopback without tokens, knowingly
     * @param publicCalendar the calendar ({@code /v1/calendar}, {@code /v1/calendar.ics}) needs no token
     * @param drain          how long a stop waits for the requests in flight
     * @param accessLog      write a JSON line for each request answered (logger {@code org.deploypolicy.access})
     * @param startUnready   start even when the policy does not build: not ready until a reload builds it
     * @param tls            the certificate and key to serve HTTPS with, or null for HTTP
     * @param github         the GitHub App that is a deployment protection rule ({@code POST /v1/github/events}),
     *                       or null for none
     * @throws IllegalArgumentException when the port is not in 0..65535, there are no workers, the drain is negative,
     *                                  a token is blank, or the address is outside loopback with no tokens and no
     *                                  {@code insecureNoAuth}
     */
    public record Options(Path policy, String host, int port, int workers, DecisionLog log, List<String> tokens,
                          boolean insecureNoAuth, boolean publicCalendar, Duration drain, boolean accessLog,
                          boolean startUnready, Tls tls, GitHubApp.Options github) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535; was " + port);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1; was " + workers);
            }
            tokens = List.copyOf(tokens);
            if (tokens.stream().anyMatch(String::isBlank)) {
                // "Authorization: Bearer " would present it
                throw new IllegalArgumentException("a bearer token must not be blank");
            }
            if (drain.isNegative()) {
                throw new IllegalArgumentException("drain must not be negative; was " + drain);
            }
            if (tokens.isEmpty() && !insecureNoAuth && !loopback(host)) {
                throw new IllegalArgumentException("serving on " + host + ", outside loopback, needs bearer tokens "
                        + "(--token-file); to serve without them anyway, say --insecure-no-auth");
            }
        }

        /** Serves on an address without tokens, a 10 s drain, the access log on. */
        public Options(Path policy, String host, int port, int workers, DecisionLog log) {
            this(policy, host, port, workers, log, List.of(), false, false, Duration.ofSeconds(10), true, false, null);
        }

        /** Options without the GitHub App. */
        public Options(Path policy, String host, int port, int workers, DecisionLog log, List<String> tokens,
                       boolean insecureNoAuth, boolean publicCalendar, Duration drain, boolean accessLog,
                       boolean startUnready, Tls tls) {
            this(policy, host, port, workers, log, tokens, insecureNoAuth, publicCalendar, drain, accessLog,
                    startUnready, tls, null);
        }

        /** {@code host:port}, as a person writes the address. */
        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** Whether a host names this machine's loopback only (an unknown name is not loopback). */
        public static boolean loopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }
    }

    /**
     * A certificate chain and its private key, PEM files: the key PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8
     * ({@code BEGIN PRIVATE KEY}), unencrypted.
     */
    public record Tls(Path certificate, Path key) {
    }

    private DecisionServer(Options options) {
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        // Headers and body go out as separate writes; without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        this.options = options;
        this.tokens = options.tokens().isEmpty() ? null : BearerTokens.of(options.tokens());
        // the TLS files are read before the policy is built: a wrong key is found at once, not after the build
        SSLContext tls = options.tls() == null ? null
                : TlsServer.context(options.tls().certificate(), options.tls().key());
        this.build = () -> {
            DeploymentPolicy.Builder builder = DeploymentPolicy.builder();
            if (options.log() != null) {
                builder.decisionLog(options.log());
            }
            return (options.policy() == null ? builder.classpath("reference") : builder.directory(options.policy()))
                    .build();
        };
        try {
            this.policy = ReloadingPolicy.of(build);
            metrics.serving.set(1);
        } catch (InvalidPolicyException e) {
            if (!options.startUnready()) {
                throw e;
            }
            // readiness tells when and why, as it tells of a reload
            this.lastReload = new Reloaded(Instant.now(), null, e);
            LOG.warn("the policy does not build; not ready until a reload builds it: {}", problems(e));
        }
        // the App's key, secret and roster are checked before the address is bound
        this.github = options.github() == null ? null : new GitHubApp(options.github(), this::policy, this::decide);
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), new ThreadPoolExecutor.AbortPolicy());
        this.http = bind(options, tls);
        http.setExecutor(workers);
        route("/v1/decisions", this::decisions, false);
        route("/v1/policy/reload", this::reload, false);
        route("/v1/policy", this::policyInfo, false);
        route("/v1/samples", this::samples, false, "/v1/samples/");
        route("/v1/calendar", this::calendar, options.publicCalendar(), "/v1/calendar.ics");
        route("/metrics", this::metrics, false);
        route("/v1/openapi.yaml", this::openApi, false);
        route("/v1/schemas", this::schemas, false, "/v1/schemas/");
        if (github != null) {
            // authenticated by its sender's signature, not a token
            route("/v1/github/events", this::githubEvents, true);
        }
        route("/health/live", this::live, true);
        route("/health/ready", this::ready, true);
        route("/health", this::health, true);
        route("/", this::playground, true);
        try {
            this.watcher = options.policy() == null ? null : watch(options.policy());
        } catch (IOException e) {
            http.stop(0);
            throw IoFailedException.of(options.policy().toString(), "cannot watch the policy directory", e);
        }
        http.start();
        if (github != null) {
            github.start();
        }
    }

    /**
     * Serves a path: counts the request in flight and by endpoint and status, answers {@code 404} for a path the
     * endpoint does not have (the JDK's server hands it every path it is a prefix of), asks for a token unless the
     * endpoint is exempt (or the service has none), and writes the access log's line.
     *
     * @param also another path the endpoint answers, or a prefix ending in {@code /} of the paths it answers
     */
    private void route(String endpoint, HttpHandler handler, boolean open, String... also) {
        http.createContext(endpoint, exchange -> {
            long started = System.nanoTime();
            metrics.inFlight.inc();
            Answer answer = new Answer();
            ANSWER.set(answer);
            try {
                String path = exchange.getRequestURI().getPath();
                if (!answers(path, endpoint, also)) {
                    notFound(exchange, "no such path: " + path);
                } else if (open || tokens == null
                        || tokens.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    handler.handle(exchange);
                } else {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"deploy-policy\"");
                    send(exchange, 401, "application/json", PolicyJson.errorJson("UNAUTHORIZED",
                            exchange.getRequestHeaders().containsKey("Authorization")
                                    ? "the bearer token is not one this service accepts"
                                    : "a bearer token is required: Authorization: Bearer TOKEN"));
                }
            } catch (RuntimeException | IOException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                throw e;
            } finally {
                metrics.inFlight.dec();
                ANSWER.remove();
                metrics.requests.labelValues(endpointOf(endpoint, exchange, answer.status), String.valueOf(answer.status))
                        .inc();
                if (options.accessLog() && ACCESS.isInfoEnabled()) {
                    ACCESS.info(accessLine(exchange, answer, started));
                }
                exchange.close();
            }
        });
    }

    /** Whether an endpoint answers a path: its own, another it names, or one under a prefix it names. */
    private static boolean answers(String path, String endpoint, String[] also) {
        if (path.equals(endpoint)) {
            return true;
        }
        for (String other : also) {
            if (other.endsWith("/") ? path.startsWith(other) && path.length() > other.length() : path.equals(other)) {
                return true;
            }
        }
        return false;
    }

    /** The endpoint a request counts under: its route, or {@code other} for a path no route answers. */
    private static String endpointOf(String route, HttpExchange exchange, int status) {
        String path = exchange.getRequestURI().getPath();
        if (status == 404 && !path.startsWith(route + "/")) {
            return "other";
        }
        return route.equals("/v1/calendar") && path.equals("/v1/calendar.ics") ? "/v1/calendar.ics" : route;
    }

    /**
     * The access log's line: a JSON object; no header is written (a token never is). Written by hand, not built as a
     * tree: it is on every request's path.
     */
    private static String accessLine(HttpExchange exchange, Answer answer, long started) {
        StringBuilder line = new StringBuilder(256).append("{\"time\":\"");
        LogTime.append(line, Instant.now());
        line.append("\",\"remote\":");
        if (exchange.getRemoteAddress() == null) {
            line.append("null");
        } else {
            quoted(line, exchange.getRemoteAddress().getAddress().getHostAddress());
        }
        line.append(",\"method\":");
        quoted(line, exchange.getRequestMethod());
        line.append(",\"path\":");
        quoted(line, exchange.getRequestURI().getRawPath());
        if (exchange.getRequestURI().getRawQuery() != null) {
            line.append(",\"query\":");
            quoted(line, exchange.getRequestURI().getRawQuery());
        }
        line.append(",\"status\":").append(answer.status)
                .append(",\"ms\":").append(Math.round((System.nanoTime() - started) / 10_000.0) / 100.0)
                .append(",\"bytes\":").append(answer.bytes);
        if (answer.policyVersion != null) {
            line.append(",\"policyVersion\":");
            quoted(line, answer.policyVersion);
        }
        return line.append('}').toString();
    }

    /** Appends a JSON string. */
    private static void quoted(StringBuilder line, String text) {
        line.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, line);
        line.append('"');
    }

    /**
     * What the response to a request said, for the access log and the metrics (status 0 when none was sent). Kept
     * by the thread answering it, not in the exchange's attributes: on Java 17 those are its context's, one map
     * shared by every request on the path, so a 401 was logged with the policy version of an earlier decision.
     */
    private static final class Answer {
        int status;
        int bytes;
        String policyVersion;
    }

    /** The answer of the request the current thread is answering, while it does. */
    private static final ThreadLocal<Answer> ANSWER = new ThreadLocal<>();

    /** The problems of a policy that does not build, on one line. */
    private static String problems(InvalidPolicyException e) {
        return e.problems().stream().map(Problem::describe).collect(Collectors.joining("; "));
    }

    /**
     * The policy serving, or null after answering {@code 503 NOT_READY} when none does (the service started with a
     * policy that did not build, and no reload has built it since).
     */
    private DeploymentPolicy serving(HttpExchange exchange) throws IOException {
        ReloadingPolicy current = policy;
        if (current == null) {
            // while none serves, the last build (at the start or a reload since) is the one that failed
            InvalidPolicyException failure = lastReload.failure();
            current = policy;
            if (current == null && failure != null) {
                send(exchange, 503, "application/json", PolicyJson.errorJson("NOT_READY",
                        "no policy serves: it did not build (" + problems(failure) + "); fix it and reload"));
                return null;
            }
        }
        return current.current();
    }

    /**
     * The bearer tokens of a token file: one a line, blank lines and {@code #} comments left out.
     *
     * @throws IoFailedException        when it cannot be read
     * @throws IllegalArgumentException when it holds no token, or a line with white space inside a token
     */
    public static List<String> readTokens(Path file) {
        return BearerTokens.read(file);
    }

    /**
     * Starts serving.
     *
     * @throws org.deploypolicy.InvalidPolicyException when the policy does not build
     * @throws IoFailedException                       when the address cannot be bound (naming it as
     *                                                 {@code host:port} and the system's reason, such as
     *                                                 {@code address already in use})
     */
    public static DecisionServer start(Options options) {
        return new DecisionServer(options);
    }

    /** Binds the address: over HTTPS with a TLS context, else HTTP. */
    private static HttpServer bind(Options options, SSLContext tls) {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IoFailedException(new IoProblem(options.address(), "cannot serve: no such host"), null);
        }
        try {
            if (tls == null) {
                return HttpServer.create(address, 64);
            }
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            return https;
        } catch (IOException e) {
            throw IoFailedException.of(options.address(), "cannot serve", e);
        }
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:8080/} ({@code https://} with TLS). */
    public URI address() {
        InetSocketAddress bound = http.getAddress();
        return URI.create((options.tls() == null ? "http://" : "https://") + bound.getHostString() + ":"
                + bound.getPort() + "/");
    }

    /** The policy serving now, or null while none does (started unready, and no reload has built it). */
    public DeploymentPolicy policy() {
        ReloadingPolicy current = policy;
        return current == null ? null : current.current();
    }

    /**
     * Stops: no new connection is taken, the requests in flight are answered (for at most {@link Options#drain()}),
     * then the workers end. Each decision is written to the decision log before it is answered, and a line is
     * written whole or not at all, so the log is sound after a stop.
     */
    @Override
    public void close() {
        if (github != null) {
            github.close();
        }
        long drain = Math.max(0, options.drain().toSeconds());
        // stop() closes the listener at once, then waits up to `drain` seconds for the exchanges in flight; on
        // Java 17 it waits the whole time even when none is (JDK-8304065). So it runs on a thread of its own while
        // this one watches the workers, and a stop(0) ends its wait once they are idle.
        Thread stopping = new Thread(() -> http.stop((int) Math.min(Integer.MAX_VALUE, drain)), "deploy-policy-stop");
        stopping.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
        try {
            Thread.sleep(50);
            while (System.nanoTime() < deadline && (workers.getActiveCount() > 0 || !workers.getQueue().isEmpty())) {
                Thread.sleep(20);
            }
            http.stop(0);
            stopping.join();
        } catch (InterruptedException e) {
            http.stop(0);
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, drain), TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void decisions(HttpExchange exchange) throws IOException {
        byte[] body = posted(exchange, () -> {
            metrics.invalidRequests.inc();
            return PolicyJson.toJson(new InvalidRequestException(List.of(
                    new RequestProblem("$", "a request is at most 1 MiB"))));
        });
        if (body == null) {
            return;
        }
        DeploymentPolicy serving = serving(exchange);
        if (serving == null) {
            return;
        }
        String format = "json";
        for (Map.Entry<String, String> parameter : query(exchange)) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            if (!name.equals("format")) {
                badQuery(exchange, name + ": unknown parameter; a decision takes format");
                return;
            }
            if (!value.equals("json") && !value.equals("markdown") && !value.equals("both")) {
                badQuery(exchange, "format: must be json, markdown or both; was \"" + value + "\"");
                return;
            }
            format = value;
        }
        try {
            PolicyRequest request = serving.readRequest(body);
            Decision decision = decide(serving, request);
            Answer answer = ANSWER.get();
            if (answer != null) {
                answer.policyVersion = decision.policy().version();
            }
            switch (format) {
                case "markdown" -> send(exchange, 200, "text/markdown; charset=utf-8",
                        ApprovalRecord.markdown(serving, request, decision));
                // the playground's one call: the decision and its approval record, decided (and logged) once
                case "both" -> send(exchange, 200, "application/json", "{\"decision\": " + PolicyJson.toJson(decision)
                        + ", \"record\": " + JSON.writeValueAsString(ApprovalRecord.markdown(serving, request, decision))
                        + "}");
                default -> send(exchange, 200, "application/json", PolicyJson.toJson(decision));
            }
        } catch (InvalidRequestException e) {
            metrics.invalidRequests.inc();
            send(exchange, 400, "application/json", PolicyJson.toJson(e));
        } catch (EvaluationFailedException e) {
            send(exchange, 500, "application/json", PolicyJson.toJson(e));
        } catch (IoFailedException e) {
            send(exchange, 503, "application/json", PolicyJson.toJson(e));
        }
    }

    /**
     * Decides a request, counting the decision, its time and its log write, or the failure.
     *
     * @throws EvaluationFailedException when the rules fail
     * @throws IoFailedException         when the decision cannot be written to the log (it is then not answered)
     */
    private Decision decide(DeploymentPolicy serving, PolicyRequest request) {
        long started = System.nanoTime();
        try {
            Decision decision = serving.evaluate(request);
            metrics.decisionSeconds.observe((System.nanoTime() - started) / 1e9);
            metrics.decisions.labelValues(decision.outcome().name(), decision.policy().version()).inc();
            if (options.log() != null) {
                metrics.logWritten.inc();
                if (logFailure != null) {
                    logFailure = null;
                }
            }
            return decision;
        } catch (EvaluationFailedException e) {
            metrics.evaluationFailures.inc();
            throw e;
        } catch (IoFailedException e) {
            metrics.logFailed.inc();
            // a failure the log's own check sees (a directory gone) is reported while it lasts, and no longer once
            // the check passes again: latched, it would keep the service unready, so sent no decision to clear it
            logFailure = options.log().problem().isPresent() ? null : e.problems().get(0).describe();
            throw e;
        }
    }

    /**
     * GitHub's webhooks for the App: checked against their signature before anything is read, acknowledged at once
     * ({@code 202}), done after.
     */
    private void githubEvents(HttpExchange exchange) throws IOException {
        byte[] body = posted(exchange, () -> PolicyJson.errorJson("BAD_DELIVERY", "a webhook delivery is at most 1 MiB"));
        if (body == null) {
            return;
        }
        int status = github.receive(exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
                exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"), body);
        switch (status) {
            case 401 -> send(exchange, 401, "application/json", PolicyJson.errorJson("UNAUTHORIZED",
                    "the delivery's X-Hub-Signature-256 is missing or is not its body's with the App's webhook secret"));
            case 400 -> send(exchange, 400, "application/json", PolicyJson.errorJson("BAD_DELIVERY",
                    "a webhook delivery is a JSON object"));
            default -> send(exchange, 202, "application/json", "{\"accepted\": true}");
        }
    }

    /**
     * A POST's body, or null once another method is answered {@code 405}, or a body over {@link #MAX_BODY}
     * {@code 413} with the error {@code tooLarge} makes.
     */
    private static byte[] posted(HttpExchange exchange, Supplier<String> tooLarge) throws IOException {
        if (!allow(exchange, "POST")) {
            return null;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = readBody(exchange, in);
        }
        if (body.length > MAX_BODY) {
            send(exchange, 413, "application/json", tooLarge.get());
            return null;
        }
        return body;
    }

    /**
     * A request's body, at most one byte more than {@link #MAX_BODY} (which is then refused): read at once when its
     * {@code Content-Length} says how long it is, else in pieces.
     */
    private static byte[] readBody(HttpExchange exchange, InputStream in) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && length.length() <= 8 && length.chars().allMatch(Character::isDigit)) {
            int declared = Integer.parseInt(length);
            if (declared <= MAX_BODY) {
                byte[] body = in.readNBytes(declared);
                // the server ends the body at Content-Length: nothing more can follow
                return body;
            }
        }
        return in.readNBytes(MAX_BODY + 1);
    }

    private void policyInfo(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        DeploymentPolicy serving = serving(exchange);
        if (serving != null) {
            send(exchange, 200, "application/json", PolicyJson.toJson(serving));
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        DeploymentPolicy current = serving(exchange);
        if (current == null) {
            return;
        }
        PolicyId serving = current.id();
        ObjectNode health = JSON.createObjectNode().put("status", "serving");
        health.putObject("policy").put("name", serving.name()).put("version", serving.version());
        send(exchange, 200, "application/json", JSON.writeValueAsString(health));
    }

    private void reload(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "POST")) {
            return;
        }
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            send(exchange, 403, "application/json", PolicyJson.errorJson("FORBIDDEN", "reload is for loopback only"));
            return;
        }
        Reloaded result = reloadNow();
        if (result.serving() != null) {
            exchange.getResponseHeaders().set("X-Policy-Version", result.serving().version());
        }
        if (result.failure() == null) {
            send(exchange, 200, "application/json", PolicyJson.toJson(result.serving()));
        } else {
            send(exchange, 422, "application/json", PolicyJson.toJson(result.failure()));
        }
    }

    /**
     * What a reload did.
     *
     * @param at      when it ended
     * @param serving the policy serving after it, or null when none does
     * @param failure why the rebuild failed, or null when it built
     */
    private record Reloaded(Instant at, PolicyId serving, InvalidPolicyException failure) {
    }

    /** Rebuilds the policy from its directory (or builds it, when none serves yet), logging and counting what came of it. */
    private Reloaded reloadNow() {
        synchronized (reloading) {
            Reloaded result;
            ReloadingPolicy current = policy;
            if (current == null) {
                try {
                    policy = ReloadingPolicy.of(build);
                    metrics.serving.set(1);
                    result = new Reloaded(Instant.now(), policy.current().id(), null);
                } catch (InvalidPolicyException e) {
                    result = new Reloaded(Instant.now(), null, e);
                }
            } else {
                ReloadingPolicy.Reload reload = current.reload();
                result = new Reloaded(Instant.now(), reload.serving(), reload.failure().orElse(null));
            }
            lastReload = result;
            if (result.failure() == null) {
                metrics.reloadsSucceeded.inc();
                metrics.lastReloadSucceeded.set(1);
                LOG.info("reloaded: policy {} {} serves", result.serving().name(), result.serving().version());
            } else {
                metrics.reloadsFailed.inc();
                metrics.lastReloadSucceeded.set(0);
                LOG.warn("reload failed; {}: {}", result.serving() == null ? "no policy serves"
                        : "still serving " + result.serving().name() + " " + result.serving().version(),
                        problems(result.failure()));
            }
            return result;
        }
    }

    /** {@code GET /health/live}: the process answers. */
    private void live(HttpExchange exchange) throws IOException {
        if (allow(exchange, "GET")) {
            send(exchange, 200, "application/json", "{\"status\":\"live\"}");
        }
    }

    /**
     * {@code GET /health/ready}: {@code 200} when a policy serves and, with a decision log, decisions can be written
     * to it; else {@code 503}. The body says which policy serves, what the last reload did (a failed one stays
     * visible while the last good policy serves) and the log's state.
     */
    private void ready(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        DeploymentPolicy serving = policy();
        String logProblem = logProblem();
        boolean ready = serving != null && logProblem == null;
        ObjectNode body = JSON.createObjectNode().put("status", ready ? "ready" : "not ready");
        if (serving == null) {
            body.putNull("policy");
        } else {
            body.putObject("policy").put("name", serving.id().name()).put("version", serving.id().version());
        }
        Reloaded reloaded = lastReload;
        InvalidPolicyException failure = reloaded == null ? null : reloaded.failure();
        if (reloaded == null) {
            body.putNull("lastReload");
        } else {
            ObjectNode last = body.putObject("lastReload");
            last.put("at", reloaded.at().toString());
            last.put("succeeded", failure == null);
            ArrayNode problems = last.putArray("problems");
            if (failure != null) {
                problems.addAll((ArrayNode) JSON.readTree(PolicyJson.toJson(failure)).get("problems"));
            }
        }
        if (options.log() == null) {
            body.putNull("log");
        } else {
            ObjectNode log = body.putObject("log").put("writable", logProblem == null);
            if (logProblem != null) {
                log.put("problem", logProblem);
            }
        }
        send(exchange, ready ? 200 : 503, "application/json", JSON.writeValueAsString(body));
    }

    /** Why decisions cannot be written to the log now, or null when they can (or there is no log). */
    private String logProblem() {
        if (options.log() == null) {
            return null;
        }
        String problem = options.log().problem().orElse(null);
        return problem != null ? problem : logFailure;
    }

    /** {@code GET /v1/openapi.yaml}: the service described in OpenAPI 3.1. */
    private void openApi(HttpExchange exchange) throws IOException {
        if (allow(exchange, "GET")) {
            resource(exchange, "openapi.yaml", "application/yaml");
        }
    }

    /**
     * {@code GET /v1/schemas/NAME.schema.json}: the contract's JSON Schemas, which the OpenAPI description refers to
     * by these relative paths.
     */
    private void schemas(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        String name = exchange.getRequestURI().getPath().substring("/v1/schemas".length());
        if (!SCHEMAS.contains(name)) {
            notFound(exchange, "no schema " + name + "; there are " + String.join(", ", SCHEMAS));
            return;
        }
        resource(exchange, "/org/deploypolicy/schemas" + name, "application/schema+json");
    }

    private static final List<String> SCHEMAS = List.of("/request.schema.json", "/decision.schema.json",
            "/error.schema.json", "/policy.schema.json");

    /** {@code GET /metrics}: Prometheus' text format. */
    private void metrics(HttpExchange exchange) throws IOException {
        if (allow(exchange, "GET")) {
            send(exchange, 200, ServerMetrics.contentType(), metrics.text());
        }
    }

    /**
     * {@code GET /v1/calendar.ics}: the deploy calendar as an iCalendar feed to subscribe to; {@code GET /v1/calendar}:
     * the same as JSON. {@code from} (a date, default today in the policy's zone) and {@code days} (1 to 366, default
     * {@value #CALENDAR_DAYS}) may be given in the query.
     */
    private void calendar(HttpExchange exchange) throws IOException {
        // route() lets only /v1/calendar and /v1/calendar.ics through
        boolean ics = exchange.getRequestURI().getPath().equals("/v1/calendar.ics");
        if (!allow(exchange, "GET")) {
            return;
        }
        DeploymentPolicy serving = serving(exchange);
        if (serving == null) {
            return;
        }
        LocalDate from = LocalDate.now(serving.settings().zone());
        int days = CALENDAR_DAYS;
        for (Map.Entry<String, String> parameter : query(exchange)) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "from" -> {
                    try {
                        from = LocalDate.parse(value);
                    } catch (DateTimeParseException e) {
                        badQuery(exchange, "from: must be a date like 2026-12-24; was \"" + value + "\"");
                        return;
                    }
                }
                case "days" -> {
                    int parsed = value.matches("\\d{1,3}") ? Integer.parseInt(value) : 0;
                    if (parsed < 1 || parsed > DeployCalendar.MAX_DAYS) {
                        badQuery(exchange, "days: must be a whole number from 1 to 366; was \"" + value + "\"");
                        return;
                    }
                    days = parsed;
                }
                default -> {
                    badQuery(exchange, parameter.getKey() + ": unknown parameter; the calendar takes from and days");
                    return;
                }
            }
        }
        if (!DeployCalendar.fits(from, days)) {
            badQuery(exchange, "from: must be a date in the years 0001 to 9999, the last day of the calendar by 9999-12-30; "
                    + "was \"" + from + "\"");
            return;
        }
        try {
            DeployCalendar calendar = serving.calendar(from, days);
            exchange.getResponseHeaders().set("X-Policy-Version", serving.id().version());
            if (ics) {
                send(exchange, 200, "text/calendar; charset=utf-8", calendar.toICalendar());
            } else {
                send(exchange, 200, "application/json", PolicyJson.toJson(calendar));
            }
        } catch (EvaluationFailedException e) {
            send(exchange, 500, "application/json", PolicyJson.toJson(e));
        }
    }

    /** The parameters of a request's query, decoded, in their order (a name without {@code =} has the value ""). */
    private static List<Map.Entry<String, String>> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String pair : raw == null || raw.isEmpty() ? new String[0] : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.add(Map.entry(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : ""));
        }
        return parameters;
    }

    private static void badQuery(HttpExchange exchange, String message) throws IOException {
        send(exchange, 400, "application/json", PolicyJson.errorJson("BAD_QUERY", message));
    }

    private void samples(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/samples")) {
            send(exchange, 200, "application/json", JSON.writeValueAsString(SAMPLES));
            return;
        }
        String name = path.substring("/v1/samples/".length());
        if (!SAMPLES.contains(name)) {
            notFound(exchange, "no sample " + name);
            return;
        }
        resource(exchange, "/samples/" + name + ".json", "application/json");
    }

    private void playground(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        // route() lets only / itself through
        resource(exchange, "playground.html", "text/html; charset=utf-8");
    }

    /** The service's fixed files (the page, the description, the schemas, the samples), read once each. */
    private static final Map<String, Optional<String>> RESOURCES = new ConcurrentHashMap<>();

    private static void resource(HttpExchange exchange, String name, String type) throws IOException {
        Optional<String> text = RESOURCES.computeIfAbsent(name, DecisionServer::readResource);
        if (text.isEmpty()) {
            notFound(exchange, "no such resource: " + name);
            return;
        }
        send(exchange, 200, type, text.get());
    }

    private static Optional<String> readResource(String name) {
        try (InputStream in = DecisionServer.class.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the service's jar", e);
        }
    }

    private static boolean allow(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        send(exchange, 405, "application/json", PolicyJson.errorJson("METHOD_NOT_ALLOWED", "use " + method));
        return false;
    }

    private static void notFound(HttpExchange exchange, String message) throws IOException {
        send(exchange, 404, "application/json", PolicyJson.errorJson("NOT_FOUND", message));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Answer answer = ANSWER.get();
        if (answer != null) {
            answer.status = status;
            answer.bytes = bytes.length;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Reloads when a file in the policy directory, or in a directory under it, changes (a burst of changes is one
     * reload): a policy's rules may be anywhere in it.
     */
    private WatchService watch(Path directory) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        register(service, directory);
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = service.take();
                    Thread.sleep(200);
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path parent
                                && event.context() instanceof Path name && Files.isDirectory(parent.resolve(name))) {
                            try {
                                register(service, parent.resolve(name));
                            } catch (IOException e) {
                                LOG.warn("cannot watch {} for changes: {}", parent.resolve(name), e.toString());
                            }
                        }
                    }
                    key.reset();
                    try {
                        reloadNow();
                    } catch (RuntimeException e) {
                        // the watch goes on: a later change may build
                        LOG.error("reload failed unexpectedly", e);
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
            }
        }, "deploy-policy-watch");
        thread.setDaemon(true);
        thread.start();
        return service;
    }

    /** Watches a directory and every directory under it. */
    private static void register(WatchService service, Path directory) throws IOException {
        List<Path> directories;
        try (Stream<Path> walk = Files.walk(directory)) {
            directories = walk.filter(Files::isDirectory).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path each : directories) {
            each.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }
}
