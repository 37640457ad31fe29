package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.deploypolicy.Decision;
import org.deploypolicy.DeployCalendar;
import org.deploypolicy.DecisionHistory;
import org.deploypolicy.DecisionLog;
import org.deploypolicy.Explanation;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.Scenario;
import org.deploypolicy.rules.Settings;

/**
 * The one public class of the implementation: the door through which the API package ({@code org.deploypolicy})
 * and the reference rules' build reach it. Everything else in this package is package-private. Not an API: users
 * call {@code DeploymentPolicy}, {@code PolicyJson}, {@code DecisionLog}, {@code Scenario} and
 * {@code ClasspathPolicy}, which delegate here; this class may change with any release.
 *
 * <p>An instance is a compiled policy ready to evaluate.
 */
public final class Core {
    /** The largest request read, in bytes. */
    public static final int MAX_REQUEST_BYTES = JsonMapping.MAX_REQUEST_BYTES;

    private final Engine engine;
    private final ClassLoader loader;
    private final String classpathName;

    private Core(Engine engine, ClassLoader loader, String classpathName) {
        this.engine = engine;
        this.loader = loader;
        this.classpathName = classpathName;
    }

    /**
     * Reads, compiles and checks a policy: from a directory when one is given, else from the classpath by name.
     *
     * @param cache where compiled rules are kept between builds, or null for none
     */
    public static Core compile(Path directory, String classpathName, ClassLoader loader, Clock clock, Path cache) {
        return new Core(directory != null
                ? PolicyCompiler.fromDirectory(directory, loader, clock, cache)
                : PolicyCompiler.fromClasspath(classpathName, loader, clock, cache), loader,
                directory != null ? null : classpathName);
    }

    /** Decides a request; with {@code trace}, the rules that fired and the facts they saw come with it. */
    public Explanation evaluate(PolicyRequest request, boolean trace) {
        return engine.evaluate(request, trace);
    }

    public PolicyId id() {
        return engine.id();
    }

    public Settings settings() {
        return engine.settings();
    }

    public List<PolicyRule> rules() {
        return engine.rules();
    }

    public List<PolicyProblem> warnings() {
        return engine.warnings();
    }

    public Set<String> roleNames() {
        return engine.roleNames();
    }

    public Set<String> rollbackRuleIds() {
        return engine.rollbackRuleIds();
    }

    public Set<String> windowRuleIds() {
        return engine.windowRuleIds();
    }

    /** Reads a request and checks its attributes against this policy's, every problem reported together. */
    public PolicyRequest readRequestUnderPolicy(byte[] json) {
        return JsonMapping.readRequest(json, engine.attributes());
    }

    /** Reads a request and checks its attributes against this policy's, every problem reported together. */
    public PolicyRequest readRequestUnderPolicy(String json) {
        return JsonMapping.readRequest(json, engine.attributes());
    }



    /**
     * Decides generated requests and the scenarios of the policy and of those it extends: the warnings (own rules
     * that fire on none), or {@code InvalidPolicyException} naming each rule that throws.
     */
    public List<PolicyProblem> exercise(List<Scenario> ownScenarios) {
        return engine.exercise(ownScenarios, classpathName, loader);
    }

    /** Checks a request built in Java as a request read from JSON is checked. */
    public static void validate(PolicyRequest request) {
        RequestValidator.validate(request);
    }

    public static PolicyRequest readRequest(String json) {
        return JsonMapping.readRequest(json);
    }

    public static PolicyRequest readRequest(byte[] json) {
        return JsonMapping.readRequest(json);
    }

    /**
     * Every JSON value in the bytes, one after the other, bound to {@code type} (see {@link JsonText#values}).
     *
     * @throws InvalidRequestException with the one problem and its path
     */
    public static <T> List<T> readValues(byte[] json, Class<T> type) {
        try {
            return JsonText.values(json, type);
        } catch (JsonText.Unreadable e) {
            throw new InvalidRequestException(List.of(new RequestProblem(e.path(), e.getMessage())));
        }
    }

    /** A time in the syntax of RFC 3339, or {@link IllegalArgumentException} saying what is wrong with it. */
    public static OffsetDateTime readTime(String text) {
        OffsetDateTime time = Times.parse(text);
        if (time == null) {
            throw new IllegalArgumentException(Times.problem(text));
        }
        return time;
    }

    public static String toJson(Decision decision) {
        return JsonMapping.write(decision);
    }

    public static String toJson(PolicyException error) {
        return JsonMapping.write(error);
    }

    public static String errorJson(String code, String message) {
        return JsonMapping.writeError(code, message);
    }

    public static String toJson(DeployCalendar calendar) {
        return JsonMapping.write(calendar);
    }

    public static String calendarText(DeployCalendar calendar) {
        return CalendarWriter.text(calendar);
    }

    public static String calendarICalendar(DeployCalendar calendar) {
        return CalendarWriter.iCalendar(calendar);
    }

    /** The deploy calendar of {@code days} local days from {@code from}, as the window rules decide it. */
    public DeployCalendar calendar(LocalDate from, int days) {
        return DeployCalendars.of(engine, from, days);
    }

    public static String toJson(PolicyId id) {
        return JsonMapping.write(id);
    }

    /** The policy described, as {@code GET /v1/policy} answers. */
    public String describedJson() {
        return JsonMapping.write(engine.id(), engine.rules(), engine.attributes());
    }

    /** The contract's request schema with this policy's attributes. */
    public String requestSchema() {
        return JsonMapping.requestSchema(engine.id(), engine.attributes());
    }

    public static String toJson(PolicyRequest request) {
        return JsonMapping.write(request);
    }

    public static DecisionLog logToFile(Path file, boolean requests) {
        return HashChainedLog.toFile(file, requests);
    }

    public static DecisionLog logToSlf4j(String logger, boolean requests) {
        return HashChainedLog.toSlf4j(logger, requests);
    }

    public static void appendDone(Path file, String requestId, String rule, String by, Optional<String> evidence) {
        HashChainedLog.appendDone(file, requestId, rule, by, evidence);
    }

    public static DecisionHistory.Log readLog(Path file) {
        return LogReader.read(file);
    }

    public static DecisionLog.Audit audit(Path file) {
        return HashChainedLog.audit(file);
    }

    public static DecisionLog.Audit audit(Path file, int keptCount, String keptHash) {
        return HashChainedLog.audit(file, keptCount, keptHash);
    }

    public static List<Scenario> readScenarios(Path fileOrDirectory) {
        return ScenarioFiles.read(fileOrDirectory);
    }

    public static List<Path> copyClasspathPolicy(String name, ClassLoader loader, Path target) {
        return PolicyFiles.copy(name, loader, target);
    }

    /**
     * Run by the build of {@code policy-rules}: compiles classpath policies' rules to the executable model for
     * its jar to ship. {@code Core CLASSES_DIRECTORY NAME...}
     */
    public static void main(String[] args) throws IOException {
        ShippedRuleModels.write(args);
    }
}
