package org.deploypolicy.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.deploypolicy.DecisionLog;
import org.deploypolicy.PolicyException;
import org.deploypolicy.server.BufferedStandardError;
import org.deploypolicy.server.DecisionServer;
import org.deploypolicy.server.GitHubApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deploy-policy serve}: the HTTP decision service and its playground page. */
@Command(name = "serve", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Exit.USAGE,
        description = "Serves decisions over HTTP (POST /v1/decisions, GET /v1/policy, GET /v1/calendar and "
                + "/v1/calendar.ics, GET /health, /health/live and /health/ready, GET /metrics, GET /v1/openapi.yaml, "
                + "POST /v1/policy/reload from loopback, POST /v1/github/events with --github-app-id) and the "
                + "playground page at /. Binds to loopback unless "
                + "--host says otherwise; reloads when the policy directory changes. Exit 3 when the policy cannot "
                + "be read, 74 when the address cannot be bound or the decision log cannot be used.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", paramLabel = "DIR", description = "A policy directory. Default: the reference policy.")
    private Path policy;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port, 0..65535 (0 for a free one). Default: 8080.")
    private int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to bind. Default: 127.0.0.1 (loopback only).")
    private String host;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "Requests decided at once, at least 1. Default: 4.")
    private int workers;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Append every decision to this decision log; a decision that cannot be written there is "
                    + "answered 503 IO_FAILED, never sent unrecorded.")
    private Path log;

    @Option(names = "--log-to-slf4j",
            description = "Write every decision as a hash-chained JSON line through SLF4J (logger "
                    + "org.deploypolicy.decisions, on standard error) instead of a file: for replicas whose log "
                    + "pipeline collects what they print.")
    private boolean logToSlf4j;

    @Option(names = "--log-digest-only",
            description = "With --log or --log-to-slf4j: keep only each request's digest in the decision log, not the "
                    + "request (replay and reports then cannot use those lines).")
    private boolean logDigestOnly;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer tokens, one a line (# starts a comment): every endpoint then needs "
                    + "'Authorization: Bearer TOKEN' but /health, /health/live, /health/ready and the playground's "
                    + "page (and the calendar, with --public-calendar).")
    private Path tokenFile;

    @Option(names = "--insecure-no-auth",
            description = "Serve on an address outside loopback without --token-file, knowingly.")
    private boolean insecureNoAuth;

    @Option(names = "--public-calendar",
            description = "The calendar (/v1/calendar, /v1/calendar.ics) needs no token: calendar programs "
                    + "subscribe without one.")
    private boolean publicCalendar;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate chain (the server's first); needs --tls-key.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The PEM private key of --tls-cert, PKCS#1 or PKCS#8, unencrypted.")
    private Path tlsKey;

    @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "10",
            description = "On SIGTERM, how long to let the requests in flight finish, 0..3600. Default: 10.")
    private int drain;

    @Option(names = "--no-access-log", negatable = false,
            description = "Write no access log (by default a JSON line for each request, logger "
                    + "org.deploypolicy.access, on standard error).")
    private boolean noAccessLog;

    @Option(names = "--start-unready",
            description = "Start even when the policy does not build: /health/ready answers 503 with the problems and "
                    + "decisions 503 NOT_READY until a reload (or a change in the directory) builds it.")
    private boolean startUnready;

    @Option(names = "--github-app-id", paramLabel = "ID",
            description = "Be a GitHub App that is a deployment protection rule (docs/github-app.md): GitHub's "
                    + "webhooks to POST /v1/github/events, signed; needs --github-private-key, --github-webhook-secret "
                    + "and a roster of GitHub logins in the policy.")
    private String githubAppId;

    @Option(names = "--github-private-key", paramLabel = "FILE",
            description = "The App's private key, PEM, PKCS#1 as GitHub issues it or PKCS#8.")
    private Path githubPrivateKey;

    @Option(names = "--github-webhook-secret", paramLabel = "FILE", description = "A file holding the App's webhook secret.")
    private Path githubWebhookSecret;

    @Option(names = "--github-api", paramLabel = "URL", defaultValue = "https://api.github.com",
            description = "GitHub's REST API; GitHub Enterprise Server's is https://HOST/api/v3. Default: ${DEFAULT-VALUE}.")
    private URI githubApi;

    @Option(names = "--github-environment", paramLabel = "NAME=BRANCH",
            description = "A GitHub environment the App decides, and the branch it deploys (repeatable). Default: "
                    + "production, deploying the policy's production branch.")
    private Map<String, String> githubEnvironments = new LinkedHashMap<>();

    @Option(names = "--github-label", paramLabel = "FLAG=LABEL",
            description = "The pull request label that sets a flag (repeatable): P1, P2, P3, P4 (severity), major, "
                    + "breaking, payment-related, database-migrations. Default: the flag's name, payments for "
                    + "payment-related; compared ignoring case.")
    private Map<String, String> githubLabels = new LinkedHashMap<>();

    @Option(names = "--github-code-owner", paramLabel = "LOGIN",
            description = "A GitHub user who is a code owner (repeatable): GitHub does not tell an App who is one.")
    private List<String> githubCodeOwners = new ArrayList<>();

    @Option(names = "--github-recheck", paramLabel = "SECONDS", defaultValue = "300",
            description = "How often the runs waiting on the App are decided again, 1..86400. Default: 300.")
    private int githubRecheck;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': must be a port in 0..65535; was " + port);
        }
        if (workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--workers': must be at least 1; was " + workers);
        }
        if (drain < 0 || drain > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--drain': must be from 0 to 3600 seconds; was " + drain);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tls-cert and --tls-key go together: give both, or neither for HTTP");
        }
        if (logDigestOnly && log == null && !logToSlf4j) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log-digest-only goes with --log FILE or --log-to-slf4j");
        }
        if (log != null && logToSlf4j) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--log and --log-to-slf4j are one decision log each: give one");
        }
        if (tokenFile == null && !insecureNoAuth && !DecisionServer.Options.loopback(host)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "serving on " + host + ", outside loopback, "
                    + "needs bearer tokens: give --token-file FILE (one token a line), or --insecure-no-auth to "
                    + "serve without them anyway");
        }
        GitHubApp.Options github = github();
        DecisionServer server;
        try {
            List<String> tokens = tokenFile == null ? List.of() : DecisionServer.readTokens(tokenFile);
            DecisionLog.Contents contents = logDigestOnly ? DecisionLog.Contents.DIGESTS_ONLY
                    : DecisionLog.Contents.REQUESTS;
            DecisionLog decisions = log != null ? DecisionLog.toFile(log, contents)
                    : logToSlf4j ? DecisionLog.toSlf4j(contents) : null;
            server = DecisionServer.start(new DecisionServer.Options(policy, host, port, workers, decisions, tokens,
                    insecureNoAuth, publicCalendar, Duration.ofSeconds(drain), !noAccessLog, startUnready,
                    tlsCert == null ? null : new DecisionServer.Tls(tlsCert, tlsKey), github));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (PolicyException e) {
            return Exit.report(spec, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(server.policy() == null
                ? "Serving at " + server.address() + ", not ready: the policy does not build (GET /health/ready says why)"
                : "Serving policy " + server.policy().id().name() + " " + server.policy().id().version()
                + " at " + server.address() + " (playground at " + server.address() + ")"
                + (tokenFile == null ? "" : "; endpoints need a bearer token"));
        out.flush();
        // the access log's lines reach standard error in blocks from now on; a stop writes what is left
        BufferedStandardError stderr = BufferedStandardError.install();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stderr.close();
            stopped.countDown();
        }));
        stopped.await();
        return Exit.OK;
    }

    /** The GitHub App's options, or null without {@code --github-app-id}; a usage error for a missing part. */
    private GitHubApp.Options github() {
        boolean any = githubPrivateKey != null || githubWebhookSecret != null || !githubEnvironments.isEmpty()
                || !githubLabels.isEmpty() || !githubCodeOwners.isEmpty();
        if (githubAppId == null) {
            if (any) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "the --github-* options set up the GitHub App: give --github-app-id too");
            }
            return null;
        }
        if (githubPrivateKey == null || githubWebhookSecret == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--github-app-id needs --github-private-key FILE and --github-webhook-secret FILE");
        }
        if (githubRecheck < 1 || githubRecheck > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--github-recheck': must be from 1 to 86400 seconds; was " + githubRecheck);
        }
        String api = githubApi.toString();
        boolean plain = api.startsWith("http://");
        if (!api.startsWith("https://") && !plain || plain && (githubApi.getHost() == null
                || !DecisionServer.Options.loopback(githubApi.getHost()))) {
            // the App's JWT and tokens go there: in clear text only to this machine (a test, a local proxy)
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--github-api': must be an https URL (http only on loopback); was '"
                            + api + "'");
        }
        try {
            return new GitHubApp.Options(githubAppId, githubPrivateKey, githubWebhookSecret, githubApi,
                    githubEnvironments, githubLabels, githubCodeOwners, Duration.ofSeconds(githubRecheck));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
