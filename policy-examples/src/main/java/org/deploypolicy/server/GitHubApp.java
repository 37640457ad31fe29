package org.deploypolicy.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.Effect;
import org.deploypolicy.Finding;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.Severity;
import org.deploypolicy.github.GitHubPayload;
import org.deploypolicy.github.GitHubRequest;
import org.deploypolicy.rules.RosterEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service as a GitHub App that is a custom deployment protection rule: GitHub asks it, through a
 * {@code deployment_protection_rule} webhook, whether a job may deploy to an environment, and waits for its answer at
 * the run's callback. It finds the pull request the deployed commit came from, reads its reviews and check runs,
 * maps them as {@code from-github} does ({@link GitHubRequest}), decides, and answers: approved; rejected, naming
 * the rules that block; or not yet, with a comment saying until when (a window) or for what (approvals, checks), and
 * asked again when the window opens, on each review or check of the pull request, and every re-check interval.
 *
 * <p>It keeps no state that matters: GitHub holds which runs wait, and the App lists them and decides them again at
 * its start and each re-check, so a restart loses nothing and two replicas answer nothing twice that counts (GitHub
 * refuses a second answer). Failures never approve: a call that fails is tried again, and a run that cannot be
 * decided stays waiting with a comment that says why. One thread does the App's work, so it answers a run at a
 * time.
 */
public final class GitHubApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubApp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GitHub's limit on a protection rule's comment. */
    static final int COMMENT_LIMIT = 1024;
    /** The flags a label may set, and the labels that set them unless {@code --github-label} says otherwise. */
    static final Map<String, String> DEFAULT_LABELS = defaultLabels();
    private static final Pattern CALLBACK = Pattern.compile(
            "/repos/([^/]+)/([^/]+)/actions/runs/(\\d+)/deployment_protection_rule");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE uuuu-MM-dd HH:mm zzz", Locale.ENGLISH);

    /**
     * How the App runs.
     *
     * @param appId         the App's id (or client id), the JWT's issuer
     * @param privateKey    the App's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8)
     * @param webhookSecret a file holding the webhook's secret
     * @param api           GitHub's API ({@code https://api.github.com}, or {@code https://HOST/api/v3})
     * @param environments  which branch each environment deploys; empty for {@code production} = the policy's
     *                      production branch
     * @param labels        the label that sets each flag ({@code P1}..{@code P4}, {@code major}, {@code breaking},
     *                      {@code payment-related}, {@code database-migrations}), over {@link #DEFAULT_LABELS}
     * @param codeOwners    the GitHub logins that are code owners
     * @param recheck       how often the waiting runs are decided again
     * @param clock         the time a request is decided at
     * @param firstPause    the pause before a failed call to GitHub is tried again (doubled each time)
     */
    public record Options(String appId, Path privateKey, Path webhookSecret, URI api, Map<String, String> environments,
                          Map<String, String> labels, List<String> codeOwners, Duration recheck, Clock clock,
                          Duration firstPause) {
        public Options {
            environments = Map.copyOf(environments);
            for (String flag : labels.keySet()) {
                if (!DEFAULT_LABELS.containsKey(flag)) {
                    throw new IllegalArgumentException("--github-label " + flag + "=...: no such flag; a label sets one of "
                            + String.join(", ", DEFAULT_LABELS.keySet()));
                }
            }
            Map<String, String> merged = new LinkedHashMap<>(DEFAULT_LABELS);
            merged.putAll(labels);
            labels = Map.copyOf(merged);
            codeOwners = List.copyOf(codeOwners);
            if (recheck.isNegative() || recheck.isZero()) {
                throw new IllegalArgumentException("the re-check interval must be positive; was " + recheck);
            }
        }

        /** The App as {@code serve} runs it: GitHub's clock, a pause of a second before a call is tried again. */
        public Options(String appId, Path privateKey, Path webhookSecret, URI api, Map<String, String> environments,
                       Map<String, String> labels, List<String> codeOwners, Duration recheck) {
            this(appId, privateKey, webhookSecret, api, environments, labels, codeOwners, recheck, Clock.systemUTC(),
                    Duration.ofSeconds(1));
        }
    }

    /** Decides a request with the policy serving, counted and logged as the service counts and logs any decision. */
    interface Decider {
        Decision decide(DeploymentPolicy policy, PolicyRequest request);
    }

    /** A job waiting on the rule: a run's deployment to an environment. */
    record Gate(long installation, String owner, String repo, long run, String environment, String sha,
                List<Long> pulls) {
        String callback() {
            return "/repos/" + owner + "/" + repo + "/actions/runs/" + run + "/deployment_protection_rule";
        }

        String name() {
            return owner + "/" + repo + " run " + run + " (" + environment + ")";
        }

        String key() {
            return gate(owner, repo, run, environment);
        }
    }

    /** What to tell GitHub: a state ({@code approved}, {@code rejected}) or none for a comment alone. */
    private record Answer(String state, String comment, Optional<OffsetDateTime> askAgainAt, String gist) {
        Answer(String state, String comment, Optional<OffsetDateTime> askAgainAt) {
            this(state, comment, askAgainAt, comment);
        }

        static Answer waiting(String comment) {
            return new Answer(null, comment, Optional.empty());
        }

        /** A comment alone, posted again only when its gist changes, not its words (a message that names the time). */
        static Answer waiting(String comment, String gist) {
            return new Answer(null, comment, Optional.empty(), gist);
        }
    }

    private final Options options;
    private final GitHubApi github;
    private final byte[] secret;
    private final Supplier<DeploymentPolicy> policy;
    private final Decider decider;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "deploy-policy-github");
        thread.setDaemon(true);
        return thread;
    });
    /** The gist of the last comment each waiting gate got, so that a re-check that finds nothing new posts nothing. */
    private final Map<String, String> commented = new ConcurrentHashMap<>();
    /** The gates this App answered lately (at most 10,000, the oldest dropped), which a sweep leaves alone. */
    private final Set<String> answered = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    /** The repositories whose re-check an event has queued and that has not started yet. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** The re-check each gate waiting for a window has, at the time it opens. */
    private final Map<String, ScheduledFuture<?>> windows = new ConcurrentHashMap<>();

    /**
     * Reads the App's key and webhook secret and checks the policy has a roster: GitHub names people by login, and
     * only a roster says which login holds which role.
     *
     * @throws IllegalArgumentException saying what is wrong (a key that is not RSA, the secret, the roster), never
     *                                  what they hold
     */
    GitHubApp(Options options, Supplier<DeploymentPolicy> policy, Decider decider) {
        this.options = options;
        this.policy = policy;
        this.decider = decider;
        PrivateKey key = TlsServer.privateKey(options.privateKey(), "the GitHub App's private key");
        if (!key.getAlgorithm().equals("RSA")) {
            // else every call to GitHub would fail, each signing its JWT
            throw new IllegalArgumentException(options.privateKey() + ": the GitHub App's private key is "
                    + key.getAlgorithm() + "; an App signs its JWT RS256, with the RSA key GitHub issued");
        }
        this.secret = secret(options.webhookSecret());
        this.github = new GitHubApi(options.api(), options.appId(), key, options.clock(), options.firstPause());
        DeploymentPolicy serving = policy.get();
        if (serving != null && serving.settings().roster().isEmpty()) {
            throw new IllegalArgumentException("the GitHub App needs a roster in the policy (policy.yaml roster: "
                    + "[{id: GITHUB-LOGIN, roles: [...]}]): GitHub names people by login, and only a roster says who "
                    + "holds which role; the policy \"" + serving.id().name() + "\" has none");
        }
    }

    private static byte[] secret(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(file + ": the webhook secret file is empty");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the webhook secret: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Decides the runs that wait now, then again every re-check interval. */
    void start() {
        long every = options.recheck().toMillis();
        worker.scheduleWithFixedDelay(this::recheckAll, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /**
     * Takes a webhook delivery: its signature is checked before anything is read; what it asks is done after the
     * answer, on the App's thread.
     *
     * @return the status to answer: 401 for a missing or wrong signature, 400 for a body that is not JSON, else 202
     */
    int receive(String event, String signature, byte[] body) {
        if (!signed(signature, body)) {
            return 401;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return 400;
        }
        if (payload == null || !payload.isObject()) {
            return 400;
        }
        String action = payload.path("action").asText("");
        long installation = payload.path("installation").path("id").asLong(0);
        String owner = payload.path("repository").path("owner").path("login").asText("");
        String repo = payload.path("repository").path("name").asText("");
        if ("deployment_protection_rule".equals(event) && "requested".equals(action)) {
            gate(payload, installation).ifPresentOrElse(gate -> worker.execute(() -> decide(gate)),
                    () -> LOG.warn("GitHub: a deployment_protection_rule event whose callback is not a run's under {}; "
                            + "not answered", github.api()));
        } else if (changesAGate(event, action) && installation != 0 && !owner.isEmpty() && !repo.isEmpty()) {
            // a burst of events (a push starts many check runs) is one re-check of the repository, not one each
            String key = owner + "/" + repo;
            if (queued.add(key)) {
                worker.execute(() -> {
                    queued.remove(key);
                    recheckRepository(installation, owner, repo);
                });
            }
        }
        return 202;
    }

    /** Whether an event may change what a waiting gate's pull request gets: a review given or dismissed, a check done. */
    private static boolean changesAGate(String event, String action) {
        return switch (event == null ? "" : event) {
            case "pull_request_review" -> action.equals("submitted") || action.equals("dismissed")
                    || action.equals("edited");
            case "check_run", "check_suite" -> action.equals("completed");
            default -> false;
        };
    }

    /** Whether {@code X-Hub-Signature-256} is the HMAC-SHA256 of the body with the secret, compared in constant time. */
    private boolean signed(String signature, byte[] body) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            byte[] given = signature.substring("sha256=".length()).toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** The gate a protection rule event asks about, when its callback is a run's under the API this App calls. */
    private Optional<Gate> gate(JsonNode payload, long installation) {
        String callback = payload.path("deployment_callback_url").asText("");
        String api = github.api().toString();
        if (!callback.startsWith(api + "/")) {
            return Optional.empty();
        }
        Matcher m = CALLBACK.matcher(callback.substring(api.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        String sha = payload.path("sha").asText(payload.path("deployment").path("sha").asText(""));
        List<Long> pulls = numbers(payload.path("pull_requests"));
        return Optional.of(new Gate(installation, m.group(1), m.group(2), Long.parseLong(m.group(3)),
                payload.path("environment").asText(""), sha, pulls));
    }

    /** The numbers of pull requests as an event or a run lists them. */
    private static List<Long> numbers(JsonNode pullRequests) {
        List<Long> numbers = new ArrayList<>();
        pullRequests.forEach(pull -> numbers.add(pull.path("number").asLong()));
        return numbers;
    }

    /** Lists the runs waiting in every repository of every installation, and decides each again. */
    void recheckAll() {
        try {
            for (JsonNode page : github.pagesAsApp("/app/installations?per_page=100")) {
                for (JsonNode installation : page) {
                    long id = installation.path("id").asLong();
                    for (JsonNode repositories : github.pages(id, "/installation/repositories?per_page=100")) {
                        for (JsonNode repository : repositories.path("repositories")) {
                            recheckRepository(id, repository.path("owner").path("login").asText(),
                                    repository.path("name").asText());
                        }
                    }
                }
            }
        } catch (GitHubApi.Failure e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the service is stopping
            }
            LOG.warn("GitHub: the waiting runs could not be listed, tried again in {} s: {}",
                    options.recheck().toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("GitHub: the re-check failed", e);
        }
    }

    /** Decides again each environment a run of a repository waits on that this App decides. */
    private void recheckRepository(long installation, String owner, String repo) {
        try {
            String runs = "/repos/" + owner + "/" + repo + "/actions/runs?status=waiting&per_page=100";
            for (JsonNode page : github.pages(installation, runs)) {
                for (JsonNode run : page.path("workflow_runs")) {
                    long id = run.path("id").asLong();
                    List<Long> pulls = numbers(run.path("pull_requests"));
                    JsonNode pending = github.get(installation, "/repos/" + owner + "/" + repo + "/actions/runs/" + id
                            + "/pending_deployments").body();
                    for (JsonNode deployment : pending) {
                        String environment = deployment.path("environment").path("name").asText("");
                        if (decides(environment) && !answered(gate(owner, repo, id, environment))) {
                            decide(new Gate(installation, owner, repo, id, environment, run.path("head_sha").asText(),
                                    pulls));
                        }
                    }
                }
            }
        } catch (GitHubApi.Failure e) {
            LOG.warn("GitHub: the waiting runs of {}/{} could not be listed: {}", owner, repo, e.getMessage());
        }
    }

    /** Whether an environment is one this App is told to decide. */
    private boolean decides(String environment) {
        return options.environments().isEmpty() ? environment.equals("production")
                : options.environments().containsKey(environment);
    }

    /** Decides a gate and answers it; what cannot be decided stays waiting with a comment saying why. */
    void decide(Gate gate) {
        Answer answer;
        try {
            answer = judge(gate);
        } catch (GitHubApi.Failure e) {
            answer = Answer.waiting("deploy-policy could not decide yet and asks again later: " + e.getMessage(),
                    "GitHub failed");
        } catch (PolicyException e) {
            // its message may name the service's files: the log has it, the public comment does not
            LOG.warn("GitHub: {} could not be decided: {}", gate.name(), e.getMessage());
            answer = Answer.waiting("deploy-policy could not decide yet and asks again later: " + e.code()
                    + " (the service's log says more)", e.code());
        } catch (RuntimeException e) {
            LOG.error("GitHub: {} could not be decided", gate.name(), e);
            answer = Answer.waiting("deploy-policy could not decide yet and asks again later: an internal error "
                    + "(the service's log says more)");
        }
        try {
            send(gate, answer);
        } catch (GitHubApi.Failure e) {
            LOG.warn("GitHub: {}: the answer could not be sent, asked again at the next re-check: {}", gate.name(),
                    e.getMessage());
        }
    }

    private Answer judge(Gate gate) throws GitHubApi.Failure {
        DeploymentPolicy serving = policy.get();
        if (serving == null) {
            return Answer.waiting("deploy-policy's policy does not build; it decides once a reload builds it");
        }
        if (serving.settings().roster().isEmpty()) {
            return Answer.waiting("deploy-policy's policy \"" + serving.id().name() + "\" has no roster, so it "
                    + "cannot tell who holds which role; it decides once the policy has one");
        }
        String branch = decides(gate.environment())
                ? options.environments().getOrDefault(gate.environment(), serving.settings().branches().production())
                : null;
        if (branch == null) {
            return new Answer("rejected", "deploy-policy does not know which branch the environment \""
                    + gate.environment() + "\" deploys (serve --github-environment " + gate.environment()
                    + "=BRANCH)", Optional.empty());
        }
        String repo = "/repos/" + gate.owner() + "/" + gate.repo();
        Optional<JsonNode> found = pullRequest(gate, repo);
        if (found.isEmpty()) {
            return new Answer("rejected", "deploy-policy found no pull request whose head or merge commit is "
                    + shortSha(gate.sha()) + ": a production deploy is decided on its pull request",
                    Optional.empty());
        }
        JsonNode pull = found.get();
        long number = pull.path("number").asLong();
        String head = pull.path("head").path("sha").asText();
        OffsetDateTime now = OffsetDateTime.now(options.clock());
        GitHubRequest.Builder mapping = GitHubRequest.builder(GitHubPayload.of("pull request #" + number, bytes(pull)))
                .reviews(GitHubPayload.of("reviews of #" + number,
                        bytes(array(github.pages(gate.installation(), repo + "/pulls/" + number + "/reviews?per_page=100")))))
                .checks(GitHubPayload.of("check runs of " + shortSha(head),
                        bytes(array(github.pages(gate.installation(), repo + "/commits/" + head
                                + "/check-runs?per_page=100")))))
                .readDescription(true).at(now).target(branch).policy(serving);
        for (RosterEntry person : serving.settings().roster()) {
            person.roles().forEach(role -> mapping.role(person.id(), role));
        }
        options.codeOwners().forEach(mapping::codeOwner);
        Optional<String> unreadLabels = labels(pull, mapping);
        if (unreadLabels.isPresent()) {
            return Answer.waiting("deploy-policy cannot read pull request #" + number + ": " + unreadLabels.get());
        }
        if (pull.path("head").path("ref").asText().startsWith("hotfix/")) {
            // deployed by its merge commit, the hotfix's commits are in the production branch by now: its history is
            // read against the production branch as the merge found it, the merge commit's first parent
            String production = gate.sha().equals(pull.path("merge_commit_sha").asText())
                    ? firstParent(gate, repo) : serving.settings().branches().production();
            mapping.branchedFrom(branchedFrom(gate, repo, head, production, serving.settings().branches().path()));
        }
        GitHubRequest built = mapping.build();
        if (built.request().isEmpty()) {
            return Answer.waiting("deploy-policy cannot read pull request #" + number + ": "
                    + String.join("; ", built.problems()));
        }
        Decision decision = decider.decide(serving, built.request().get());
        return answer(number, decision, serving);
    }

    /**
     * The pull request the deployed commit came from: its head, or its merge commit; one closed without being merged
     * is none. The event's pull requests are asked first, then GitHub's list for the commit.
     */
    private Optional<JsonNode> pullRequest(Gate gate, String repo) throws GitHubApi.Failure {
        Optional<JsonNode> named = matching(gate, repo, gate.pulls());
        if (named.isPresent()) {
            return named;
        }
        Set<Long> numbers = new LinkedHashSet<>();
        for (JsonNode page : github.pages(gate.installation(), repo + "/commits/" + gate.sha() + "/pulls?per_page=100")) {
            page.forEach(pull -> numbers.add(pull.path("number").asLong()));
        }
        numbers.removeAll(gate.pulls());
        return matching(gate, repo, numbers);
    }

    private Optional<JsonNode> matching(Gate gate, String repo, java.util.Collection<Long> numbers)
            throws GitHubApi.Failure {
        for (long number : numbers) {
            JsonNode pull = github.get(gate.installation(), repo + "/pulls/" + number).body();
            boolean abandoned = "closed".equals(pull.path("state").asText()) && !pull.path("merged").asBoolean(false);
            if (!abandoned && (gate.sha().equals(pull.path("head").path("sha").asText())
                    || gate.sha().equals(pull.path("merge_commit_sha").asText()))) {
                return Optional.of(pull);
            }
        }
        return Optional.empty();
    }

    /**
     * Severity and flags from the pull request's labels, compared ignoring case, as the Action reads them: labels of
     * two severities are a problem, not a choice.
     *
     * @return what is wrong, or empty
     */
    private Optional<String> labels(JsonNode pull, GitHubRequest.Builder mapping) {
        Set<String> labels = new LinkedHashSet<>();
        pull.path("labels").forEach(label -> labels.add(label.path("name").asText().toLowerCase(Locale.ROOT)));
        Map<String, String> named = options.labels();
        List<Severity> severities = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            if (labels.contains(named.get(severity.name()).toLowerCase(Locale.ROOT))) {
                severities.add(severity);
            }
        }
        if (severities.size() > 1) {
            return Optional.of("labels of " + severities.size() + " severities (" + severities.stream()
                    .map(severity -> named.get(severity.name())).collect(java.util.stream.Collectors.joining(", "))
                    + "); give it one");
        }
        severities.forEach(mapping::severity);
        mapping.major(labels.contains(named.get("major").toLowerCase(Locale.ROOT)))
                .breaking(labels.contains(named.get("breaking").toLowerCase(Locale.ROOT)))
                .paymentRelated(labels.contains(named.get("payment-related").toLowerCase(Locale.ROOT)))
                .databaseMigrations(labels.contains(named.get("database-migrations").toLowerCase(Locale.ROOT)));
        return Optional.empty();
    }

    /**
     * The branch a hotfix branch was cut from, read from the history as the Actions gate reads it: production
     * unless the hotfix carries a commit that an earlier branch of the promotion path has and production has not
     * (the nearest such branch).
     */
    private String branchedFrom(Gate gate, String repo, String head, String production, List<String> path)
            throws GitHubApi.Failure {
        Set<String> own = commitsBeyond(gate, repo, production, head);
        for (int i = path.size() - 2; i >= 0; i--) {
            Set<String> theirs = commitsBeyond(gate, repo, production, path.get(i));
            theirs.retainAll(own);
            if (!theirs.isEmpty()) {
                return path.get(i);
            }
        }
        return path.get(path.size() - 1);
    }

    /** The first parent of the deployed commit: the branch it was merged into, as it was before the merge. */
    private String firstParent(Gate gate, String repo) throws GitHubApi.Failure {
        JsonNode parents = github.get(gate.installation(), repo + "/commits/" + gate.sha()).body().path("parents");
        if (!parents.isArray() || parents.isEmpty() || !parents.get(0).path("sha").isTextual()) {
            throw new GitHubApi.Failure("GET " + repo + "/commits/" + shortSha(gate.sha()) + ": no parent commit", 0);
        }
        return parents.get(0).get("sha").asText();
    }

    /** The commits {@code head} has and {@code base} has not, through the compare API, every page. */
    private Set<String> commitsBeyond(Gate gate, String repo, String base, String head) throws GitHubApi.Failure {
        Set<String> commits = new LinkedHashSet<>();
        for (JsonNode page : github.pages(gate.installation(), repo + "/compare/" + base + "..." + head + "?per_page=100")) {
            page.path("commits").forEach(commit -> commits.add(commit.path("sha").asText()));
        }
        return commits;
    }

    /** A decision as GitHub's answer. */
    private static Answer answer(long number, Decision decision, DeploymentPolicy serving) {
        String by = "deploy-policy (" + decision.policy().name() + " " + shortVersion(decision.policy().version())
                + "), pull request #" + number + ": ";
        List<Finding> blocking = decision.findings().stream().filter(f -> f.counts() && f.effect() == Effect.BLOCK)
                .toList();
        if (decision.outcome() == Outcome.APPROVED) {
            StringBuilder comment = new StringBuilder(by).append("approved.");
            if (!decision.obligations().isEmpty()) {
                comment.append(" After the deploy:");
                decision.obligations().forEach(o -> comment.append("\n- ").append(o.action())
                        .append(o.detail().map(d -> " (" + d + ")").orElse("")));
            }
            return new Answer("approved", comment.toString(), Optional.empty());
        }
        if (decision.outcome() == Outcome.REJECTED) {
            Set<String> windows = serving.windowRuleIds();
            if (decision.nextAllowed().isPresent() && blocking.stream().allMatch(f -> windows.contains(f.rule()))) {
                OffsetDateTime at = decision.nextAllowed().get().at();
                return new Answer(null, by + "waits: allowed from "
                        + WHEN.format(at.atZoneSameInstant(serving.settings().zone())) + "." + listed(blocking),
                        Optional.of(at), "waits " + at.toInstant() + gist(blocking));
            }
            return new Answer("rejected", by + "rejected." + listed(blocking), Optional.empty());
        }
        List<Finding> missing = decision.findings().stream().filter(f -> f.counts() && f.effect() == Effect.REQUIRE)
                .toList();
        return Answer.waiting(by + "pending, asked again on each review and check, waiting for:" + listed(missing),
                "pending" + gist(missing));
    }

    /** The rules and subjects of findings, without their messages (which may name the time they were made at). */
    private static String gist(List<Finding> findings) {
        StringBuilder gist = new StringBuilder();
        findings.forEach(f -> gist.append(' ').append(f.rule()).append(f.subject().map(s -> "/" + s).orElse("")));
        return gist.toString();
    }

    private static String listed(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append("\n- ").append(f.rule()).append(": ").append(f.message());
        }
        return text.toString();
    }

    /** Posts the answer, a comment alone only when it says something new; 422 is a run answered already. */
    private void send(Gate gate, Answer answer) throws GitHubApi.Failure {
        String comment = fit(answer.comment());
        boolean said = answer.state() == null && answer.gist().equals(commented.get(gate.key()));
        // nothing new to say is not posted; but a re-check at a window that found it still shut (its timer, on the
        // monotonic clock, ran ahead of the wall clock the policy decides by) must look again, not wait for the sweep
        if (!said) {
            ObjectNode body = JSON.createObjectNode().put("environment_name", gate.environment());
            if (answer.state() != null) {
                body.put("state", answer.state());
            }
            body.put("comment", comment);
            GitHubApi.Response response = github.post(gate.installation(), gate.callback(), body);
            if (response.status() == 422) {
                // an answer refused: the gate was answered already; a comment alone refused (GitHub keeps at most
                // 10 a gate): the gate still waits, and this gist is not posted again
                LOG.info(answer.state() != null ? "GitHub: {} was answered already (GitHub: {})"
                        : "GitHub: {}: a comment was refused (GitHub: {})", gate.name(),
                        response.body() == null ? "422" : response.body().path("message").asText("422"));
            } else if (response.status() / 100 != 2) {
                throw new GitHubApi.Failure("POST " + gate.callback() + ": GitHub answered " + response.status(),
                        response.status());
            } else {
                LOG.info("GitHub: {}: {}", gate.name(), answer.state() == null ? "waiting" : answer.state());
            }
            if (answer.state() != null) {
                forget(gate);
                return;
            }
            commented.put(gate.key(), answer.gist());
        }
        answer.askAgainAt().ifPresent(at -> askAgainAt(gate, at));
    }

    /** Decides a gate again at a time, in place of any re-check it had. */
    private void askAgainAt(Gate gate, OffsetDateTime at) {
        long delay = Math.max(0, Duration.between(options.clock().instant(), at.toInstant()).toMillis());
        ScheduledFuture<?> earlier = windows.put(gate.key(), worker.schedule(() -> decide(gate), delay,
                TimeUnit.MILLISECONDS));
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    /** The key of a run's gate, as {@link Gate#key()} makes it. */
    private static String gate(String owner, String repo, long run, String environment) {
        return owner + "/" + repo + "/" + run + "/" + environment;
    }

    /** Whether this App answered a gate already (another rule may keep the run waiting; the sweep leaves it be). */
    private boolean answered(String key) {
        synchronized (answered) {
            return answered.contains(key);
        }
    }

    private void forget(Gate gate) {
        synchronized (answered) {
            answered.add(gate.key());
        }
        commented.remove(gate.key());
        ScheduledFuture<?> window = windows.remove(gate.key());
        if (window != null) {
            window.cancel(false);
        }
    }

    /** A comment within GitHub's limit, cut at a line with a mark that says so. */
    static String fit(String comment) {
        if (comment.length() <= COMMENT_LIMIT) {
            return comment;
        }
        String more = "\n(and more)";
        String cut = comment.substring(0, COMMENT_LIMIT - more.length());
        int line = cut.lastIndexOf('\n');
        return (line > 0 ? cut.substring(0, line) : cut) + more;
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private static String shortVersion(String version) {
        return version.startsWith("sha256:") && version.length() > 19 ? version.substring(0, 19) : version;
    }

    private static ArrayNode array(List<JsonNode> pages) {
        ArrayNode array = JSON.createArrayNode();
        pages.forEach(array::add);
        return array;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> defaultLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            labels.put(severity.name(), severity.name());
        }
        labels.put("major", "major");
        labels.put("breaking", "breaking");
        labels.put("payment-related", "payments");
        labels.put("database-migrations", "database-migrations");
        return labels;
    }
}
