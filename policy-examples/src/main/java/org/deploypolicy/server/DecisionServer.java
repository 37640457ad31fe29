package org.deploypolicy.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.deploypolicy.ApprovalRecord;
import org.deploypolicy.Decision;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.IoFailedException;
import org.deploypolicy.IoProblem;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyJson;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.ReloadingPolicy;
import org.deploypolicy.RequestProblem;

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

    private final HttpServer http;
    private final ThreadPoolExecutor workers;
    private final ReloadingPolicy policy;
    private final WatchService watcher;
    /** How many days {@code /v1/calendar} and {@code /v1/calendar.ics} cover unless asked otherwise. */
    static final int CALENDAR_DAYS = 90;

    /**
     * How to serve.
     *
     * @param policy  the policy directory, or null for the reference policy
     * @param host    the address to bind ({@code 127.0.0.1} unless the service must be reached from elsewhere)
     * @param port    the port, or 0 for a free one
     * @param workers how many requests are decided at once
     * @param log     where decisions are written, or null; a decision that cannot be written there is answered
     *                {@code 503} with {@code IO_FAILED}, never sent unrecorded
     * @throws IllegalArgumentException when the port is not in 0..65535 or there are no workers
     */
    public record Options(Path policy, String host, int port, int workers, DecisionLog log) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535; was " + port);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1; was " + workers);
            }
        }

        /** {@code host:port}, as a person writes the address. */
        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private DecisionServer(Options options) {
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        // Headers and body go out as separate writes; without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        this.policy = ReloadingPolicy.of(() -> {
            DeploymentPolicy.Builder builder = DeploymentPolicy.builder();
            if (options.log() != null) {
                builder.decisionLog(options.log());
            }
            return (options.policy() == null ? builder.classpath("reference") : builder.directory(options.policy()))
                    .build();
        });
        this.workers = new ThreadPoolExecutor(options.workers(), options.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), new ThreadPoolExecutor.AbortPolicy());
        this.http = bind(options);
        http.setExecutor(workers);
        http.createContext("/v1/decisions", this::decisions);
        http.createContext("/v1/policy/reload", this::reload);
        http.createContext("/v1/policy", this::policyInfo);
        http.createContext("/v1/samples", this::samples);
        http.createContext("/v1/calendar", this::calendar);
        http.createContext("/health", this::health);
        http.createContext("/", this::playground);
        try {
            this.watcher = options.policy() == null ? null : watch(options.policy());
        } catch (IOException e) {
            http.stop(0);
            throw IoFailedException.of(options.policy().toString(), "cannot watch the policy directory", e);
        }
        http.start();
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

    private static HttpServer bind(Options options) {
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new IoFailedException(new IoProblem(options.address(), "cannot serve: no such host"), null);
        }
        try {
            return HttpServer.create(address, 64);
        } catch (IOException e) {
            throw IoFailedException.of(options.address(), "cannot serve", e);
        }
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI address() {
        InetSocketAddress bound = http.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/");
    }

    /** The policy serving now. */
    public DeploymentPolicy policy() {
        return policy.current();
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void decisions(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "POST")) {
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            send(exchange, 413, "application/json", PolicyJson.toJson(new InvalidRequestException(List.of(
                    new RequestProblem("$", "a request is at most 1 MiB")))));
            return;
        }
        DeploymentPolicy serving = policy.current();
        try {
            PolicyRequest request = serving.readRequest(new ByteArrayInputStream(body));
            Decision decision = serving.evaluate(request);
            String query = exchange.getRequestURI().getQuery();
            if ("format=markdown".equals(query)) {
                send(exchange, 200, "text/markdown; charset=utf-8", ApprovalRecord.markdown(serving, request, decision));
            } else {
                send(exchange, 200, "application/json", PolicyJson.toJson(decision));
            }
        } catch (InvalidRequestException e) {
            send(exchange, 400, "application/json", PolicyJson.toJson(e));
        } catch (EvaluationFailedException e) {
            send(exchange, 500, "application/json", PolicyJson.toJson(e));
        } catch (IoFailedException e) {
            send(exchange, 503, "application/json", PolicyJson.toJson(e));
        }
    }

    private void policyInfo(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        send(exchange, 200, "application/json", PolicyJson.toJson(policy.current()));
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!allow(exchange, "GET")) {
            return;
        }
        PolicyId serving = policy.current().id();
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
        ReloadingPolicy.Reload result = policy.reload();
        exchange.getResponseHeaders().set("X-Policy-Version", result.serving().version());
        if (result.succeeded()) {
            send(exchange, 200, "application/json", PolicyJson.toJson(result.serving()));
        } else {
            send(exchange, 422, "application/json", PolicyJson.toJson((PolicyException) result.failure().orElseThrow()));
        }
    }

    /**
     * {@code GET /v1/calendar.ics}: the deploy calendar as an iCalendar feed to subscribe to; {@code GET /v1/calendar}:
     * the same as JSON. {@code from} (a date, default today in the policy's zone) and {@code days} (1 to 366, default
     * {@value #CALENDAR_DAYS}) may be given in the query.
     */
    private void calendar(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean ics = path.equals("/v1/calendar.ics");
        if (!ics && !path.equals("/v1/calendar")) {
            notFound(exchange, "no such path: " + path);
            return;
        }
        if (!allow(exchange, "GET")) {
            return;
        }
        DeploymentPolicy serving = policy.current();
        LocalDate from = LocalDate.now(serving.settings().zone());
        int days = CALENDAR_DAYS;
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null || query.isEmpty() ? new String[0] : query.split("&")) {
            String[] parts = pair.split("=", 2);
            String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String value = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            switch (name) {
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
                    if (parsed < 1 || parsed > 366) {
                        badQuery(exchange, "days: must be a whole number from 1 to 366; was \"" + value + "\"");
                        return;
                    }
                    days = parsed;
                }
                default -> {
                    badQuery(exchange, name + ": unknown parameter; the calendar takes from and days");
                    return;
                }
            }
        }
        if (!calendarFits(from, days)) {
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

    /**
     * Whether a calendar of {@code days} days from {@code from} lies in the years 0001 to 9999, its end (the midnight
     * after its last day) by 9999-12-31: the dates an iCalendar feed can write, and never past what {@link LocalDate}
     * holds. {@code deploy-policy calendar} asks the same of {@code --from}.
     */
    public static boolean calendarFits(LocalDate from, int days) {
        return from.getYear() >= 1 && from.toEpochDay() + days <= LocalDate.of(9999, 12, 31).toEpochDay();
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
            ArrayNode names = JSON.createArrayNode();
            SAMPLES.forEach(names::add);
            send(exchange, 200, "application/json", JSON.writeValueAsString(names));
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
        if (!exchange.getRequestURI().getPath().equals("/")) {
            notFound(exchange, "no such path: " + exchange.getRequestURI().getPath());
            return;
        }
        resource(exchange, "playground.html", "text/html; charset=utf-8");
    }

    private static void resource(HttpExchange exchange, String name, String type) throws IOException {
        try (InputStream in = DecisionServer.class.getResourceAsStream(name)) {
            if (in == null) {
                notFound(exchange, "no such resource: " + name);
                return;
            }
            send(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
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
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Reloads when a file in the policy directory changes (a burst of changes is one reload). */
    private WatchService watch(Path directory) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = service.take();
                    Thread.sleep(200);
                    key.pollEvents();
                    key.reset();
                    policy.reload();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
            }
        }, "deploy-policy-watch");
        thread.setDaemon(true);
        thread.start();
        return service;
    }
}
