package org.deploypolicy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.deploypolicy.internal.Core;
import org.deploypolicy.rules.Settings;

/**
 * A deployment policy, built once and asked many times: may this change deploy, may this person roll back.
 *
 * <pre>{@code
 * DeploymentPolicy policy = DeploymentPolicy.builder().classpath("reference").build();
 * Decision decision = policy.evaluate(request);
 * decision.findings().forEach(f -> System.out.println(f.rule() + ": " + f.message()));
 * }</pre>
 *
 * <p>Building reads the settings, compiles the rules and checks both; it is the expensive, fallible step. A
 * built policy is immutable and thread-safe: share one instance across threads, each call gets its own
 * rule session. The same request (with a time) always gets an equal decision.
 */
public final class DeploymentPolicy {
    private final Core engine;
    private final DecisionLog log;

    private DeploymentPolicy(Core engine, DecisionLog log) {
        this.engine = engine;
        this.log = log;
    }

    /** Starts building a policy. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides a request.
     *
     * @throws InvalidRequestException    when the request breaks the contract, or its {@code attributes} break
     *                                    what this policy declares; every field at fault is named
     * @throws EvaluationFailedException  when a rule fails while deciding; never a partial decision
     * @throws IoFailedException          when the decision cannot be written to the decision log; no decision
     *                                    leaves unrecorded
     */
    public Decision evaluate(PolicyRequest request) {
        return logged(request, engine.evaluate(request, false).decision());
    }

    /**
     * Decides a request and records which rules fired, in order, for explanations and audit. Slower than
     * {@link #evaluate}; the decision is equal to what it returns.
     *
     * @throws InvalidRequestException   as {@link #evaluate}
     * @throws EvaluationFailedException as {@link #evaluate}
     * @throws IoFailedException         as {@link #evaluate}
     */
    public Explanation explain(PolicyRequest request) {
        Explanation explanation = engine.evaluate(request, true);
        logged(request, explanation.decision());
        return explanation;
    }

    /**
     * Reads a request as {@link PolicyJson#readRequest(String)} does, and checks its {@code attributes} against
     * this policy's, the problems of both reported together.
     *
     * @throws InvalidRequestException naming every field at fault by its path ({@code $.attributes.tier})
     */
    public PolicyRequest readRequest(String json) {
        return engine.readRequestUnderPolicy(Objects.requireNonNull(json, "json"));
    }

    /**
     * Reads a request from a stream, up to {@link PolicyJson#MAX_REQUEST_BYTES}, as {@link #readRequest(String)}.
     *
     * @throws IOException when the stream cannot be read
     */
    public PolicyRequest readRequest(InputStream json) throws IOException {
        return readRequest(json.readNBytes(PolicyJson.MAX_REQUEST_BYTES + 1));
    }

    /**
     * Reads a request from the bytes of its JSON text (UTF-8, at most {@link PolicyJson#MAX_REQUEST_BYTES}) as
     * {@link #readRequest(InputStream)} does, for a caller that holds them already.
     *
     * @throws InvalidRequestException naming each field at fault, the attributes' problems with the rest
     */
    public PolicyRequest readRequest(byte[] json) {
        return engine.readRequestUnderPolicy(json);
    }

    /**
     * The JSON Schema (draft 2020-12) of a request to this policy: the contract's request schema, with the
     * {@code attributes} this policy declares (its {@code attributes} setting) and no others.
     */
    public String requestSchema() {
        return engine.requestSchema();
    }

    /**
     * Tries the policy out, as {@code deploy-policy verify} does once it builds: decides a generated set of
     * requests (every weekday; the times of day at and beside each that the settings and rules name; each severity
     * and none; both paths; each kind of change; approvals and rejections in each role the policy names; each
     * rollback kind; the boundary values of each declared attribute), the requests of {@code scenarios}, and those
     * of the scenarios shipped with the classpath policies it is or extends.
     *
     * @param scenarios the policy's own scenarios (a directory's {@code scenarios/}), or none
     * @return a warning for each rule of the policy's own files that fires on none of those requests
     * @throws InvalidPolicyException naming each rule that throws on one of them, its file, and the request
     */
    public List<PolicyProblem> exercise(List<Scenario> scenarios) {
        return engine.exercise(List.copyOf(scenarios));
    }

    /**
     * When this policy lets production deploys through, day by day: on each local day from {@code from}, in the
     * policy's zone, the periods in which its window rules decide probe requests alike (a normal-path production
     * deploy with no severity, then one with each critical and each emergency severity), with who may deploy, the
     * preferred hours, the freezes in force and the rules that restrict.
     *
     * @param from the first day, local to the policy's zone
     * @param days how many days, from 1 to 366
     * @throws IllegalArgumentException when {@code days} is outside 1..366, or the calendar would leave the years
     *                                  0001 to 9999
     */
    public DeployCalendar calendar(LocalDate from, int days) {
        return engine.calendar(Objects.requireNonNull(from, "from"), days);
    }

    /** The policy described as {@link PolicyJson#toJson(DeploymentPolicy)} writes it. */
    String describedJson() {
        return engine.describedJson();
    }

    private Decision logged(PolicyRequest request, Decision decision) {
        if (log != null) {
            log.record(request, decision);
        }
        return decision;
    }

    /** The policy's name and version, as every decision it makes carries them. */
    public PolicyId id() {
        return engine.id();
    }

    /** The settings the rules read. */
    public Settings settings() {
        return engine.settings();
    }

    /**
     * What the policy builds with but is likely a mistake, each with its position: a rule without an
     * {@code @id} or with one that does not read {@code area.name}; settings that make a rule dead (a preferred
     * window only on emergency-only days, a freeze wholly in the past, a critical-only day that is also
     * emergency-only); a policy's own rule with the id of an inherited rule that {@code disabled} does not name.
     */
    public List<PolicyProblem> warnings() {
        return engine.warnings();
    }

    /** The rules in force (after {@code disabled}), by file and name. */
    public List<PolicyRule> rules() {
        return engine.rules();
    }

    /**
     * The role names the policy names, for a tool that checks a role before it counts on it (a misspelt
     * {@code TECHLEAD} is a valid role name that no rule asks for): the roles of its {@code roster} and of
     * {@code waivers.grantedBy}, and each string literal in its rule files, and in those of the policies it extends,
     * that reads as a role name ({@code "TECH_LEAD"}), but those in comments and those given to
     * {@code hasLabel} or {@code statusOf}. The reading of the rules is rough: a literal that is not a role is in
     * the set too, so it may name more roles than the rules use, never fewer. A role the set lacks is one that no
     * rule of this policy asks for, so an approval in it counts for nothing.
     *
     * <p>Worked out the first time it is asked, from the rule files the build read (building a policy does not
     * pay for what few callers need), then kept; safe to call from any thread.
     *
     * @return an unmodifiable set
     */
    public Set<String> roleNames() {
        return engine.roleNames();
    }

    /**
     * The ids of the window rules (marked {@code @window}): the rules a time decides, which {@code nextAllowed}
     * decides again at later times. A caller that waits for a window, such as a deploy gate, tells from them whether
     * a rejection is one that time lifts: {@code nextAllowed} is present and every finding that blocks is theirs.
     *
     * @return an unmodifiable set
     */
    public Set<String> windowRuleIds() {
        return engine.windowRuleIds();
    }

    /** The ids of the rules marked {@code @decides(rollback)}: whose findings decide a rollback. */
    Set<String> rollbackRuleIds() {
        return engine.rollbackRuleIds();
    }

    /**
     * Builds a {@link DeploymentPolicy} from exactly one source: a policy on the classpath or a directory. Each
     * setter checks its argument at once; {@link #build()} does the rest.
     */
    public static final class Builder {
        private String classpathName;
        private Path directory;
        private Clock clock = Clock.systemUTC();
        private ClassLoader classLoader;
        private DecisionLog decisionLog;
        private Path compiledRulesCache;

        private Builder() {
        }

        /** Writes every decision the policy makes to this log (none by default). */
        public Builder decisionLog(DecisionLog decisionLog) {
            this.decisionLog = Objects.requireNonNull(decisionLog, "decision log must not be null");
            return this;
        }

        /**
         * A policy on the classpath under {@code deploy-policy/<name>/}, such as {@code reference}, which
         * {@code policy-rules} ships.
         */
        public Builder classpath(String name) {
            Objects.requireNonNull(name, "policy name must not be null");
            if (name.isBlank() || name.contains("/") || name.contains("..")) {
                throw new IllegalArgumentException("policy name must be a plain name like \"reference\"; was \"" + name + "\"");
            }
            this.classpathName = name;
            return this;
        }

        /** A policy directory on disk: {@code policy.yaml} plus {@code .drl} files (see docs/policy.md "Settings"). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "policy directory must not be null");
            return this;
        }

        /** The clock for requests without a time; the system clock in UTC by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Where classpath policies and the classes rules name are found; the thread's context class loader (or
         * this library's) by default.
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "class loader must not be null");
            return this;
        }

        /**
         * Keeps the policy's rules compiled to Java (Drools' executable model) in a directory, so that a later build
         * of the same rule files, in this process or another, loads them instead of compiling them: a fresh JVM
         * then builds a policy in a fraction of the time. Only the first build after a rule file changes compiles,
         * and takes longer than without a cache: compiling to the executable model is slower than compiling DRL, in
         * a warm JVM too, so leave the cache out for {@link ReloadingPolicy}, which rebuilds what just changed.
         * Decisions and errors are the same with and without it; a rule file that does not compile is reported as
         * ever, with its position.
         *
         * <p>An entry is keyed by the content of the rule files (inherited ones included) and by what the compiled
         * classes are linked against (Drools, the JDK, the class path), so it is never used for other rules or
         * other libraries; a damaged entry is compiled again, and processes may share the directory. The cache is
         * used only when the rules are found through the system class loader. Without this setting nothing is
         * written anywhere. A classpath policy that ships its compiled rules (the reference policy does) loads
         * them with or without a cache.
         */
        public Builder compiledRulesCache(Path directory) {
            this.compiledRulesCache = Objects.requireNonNull(directory, "compiled rules cache directory must not be null");
            return this;
        }

        /**
         * Reads, compiles and checks the policy.
         *
         * @throws InvalidPolicyException    naming each file, line and column (or settings key) at fault
         * @throws IllegalStateException     when neither or both of a classpath name and a directory were given
         * @throws java.io.UncheckedIOException when the files cannot be read
         */
        public DeploymentPolicy build() {
            if ((classpathName == null) == (directory == null)) {
                throw new IllegalStateException("give exactly one of classpath(name) and directory(path)");
            }
            ClassLoader loader = classLoader != null ? classLoader
                    : Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                    DeploymentPolicy.class.getClassLoader());
            return new DeploymentPolicy(Core.compile(directory, classpathName, loader, clock, compiledRulesCache),
                    decisionLog);
        }
    }
}
