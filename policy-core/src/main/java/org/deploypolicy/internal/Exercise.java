package org.deploypolicy.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.Approval;
import org.deploypolicy.Change;
import org.deploypolicy.ChangeType;
import org.deploypolicy.Channel;
import org.deploypolicy.CheckStatus;
import org.deploypolicy.Checklist;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.Explanation;
import org.deploypolicy.Finding;
import org.deploypolicy.Incident;
import org.deploypolicy.IncidentType;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.Requester;
import org.deploypolicy.Reviews;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Scenario;
import org.deploypolicy.Severity;
import org.deploypolicy.Verdict;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.StandingWaiver;

/**
 * What {@code verify} does after the policy builds: it decides a generated set of requests with it (every weekday;
 * the times of day at and beside each the settings and rules name; each severity and none; both paths; each change
 * kind; approvals in each role the policy names; each rollback kind; boundary values of each declared attribute),
 * and the requests of the scenarios of the policy and of the policies it extends. A rule that throws on any of them
 * is an error naming the rule and its file; a rule of the policy's own files that fires on none is a warning, and
 * so is a kind of rollback no rule decides (such a rollback fails to evaluate).
 *
 * <p>It also decides one request (a normal production deployment without severity) at each quarter hour of a week
 * and finds the minute at which each rule's findings change: a window rule's findings must change only at a time
 * of day the search tries (midnight, the preferred window's edges, a freeze's or standing waiver's edge, or one the
 * rule declares in its {@code @window}), else the search could answer later than the window opens, which is an
 * error at the rule; a rule not marked {@code @window} whose findings change with the time alone is a warning.
 */
final class Exercise {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm xxx", Locale.ENGLISH);
    private static final String HEAD = "0000000verify";

    private final Engine engine;
    private final Settings settings;
    private final Set<String> ownFiles;
    private final Map<String, PolicyRule> fired = new LinkedHashMap<>();
    private final Map<String, PolicyProblem> failures = new LinkedHashMap<>();
    private final Map<String, PolicyProblem> undecided = new LinkedHashMap<>();
    /** Rules not marked {@code @window} whose findings change with the time alone, by id. */
    private final Map<String, PolicyProblem> unmarked = new LinkedHashMap<>();
    private int decided;

    private Exercise(Engine engine, Set<String> ownFiles) {
        this.engine = engine;
        this.settings = engine.settings();
        this.ownFiles = ownFiles;
    }

    /**
     * Decides the generated requests and the scenarios' with the policy.
     *
     * @param ownFiles the rule files of the policy itself, whose rules must fire on something
     * @return the warnings: each own rule that fired on none
     * @throws InvalidPolicyException naming each rule that threw, its file, and a request it threw on
     */
    static List<PolicyProblem> run(Engine engine, Set<String> ownFiles, List<Scenario> scenarios,
                                   List<PolicyFiles.SourceFile> ruleFiles) {
        Exercise exercise = new Exercise(engine, ownFiles);
        exercise.deployments(timesNamedIn(ruleFiles));
        exercise.rollbacks();
        RuleDeclarations declarations = RuleDeclarations.of(ruleFiles);
        exercise.timeChanges(declarations);
        for (Scenario scenario : scenarios) {
            PolicyRequest request;
            try {
                request = scenario.request();
            } catch (PolicyException e) {
                continue;
            }
            exercise.decide(request, "the request of the scenario \"" + scenario.note() + "\" (" + scenario.file() + ")");
        }
        if (!exercise.failures.isEmpty()) {
            throw new InvalidPolicyException(List.copyOf(exercise.failures.values()));
        }
        List<PolicyProblem> warnings = new ArrayList<>(exercise.undecided.values());
        warnings.addAll(exercise.unmarked.values());
        Set<String> seen = new LinkedHashSet<>();
        for (PolicyRule rule : engine.rules()) {
            String key = rule.file() + '\u0000' + rule.name();
            if (rule.file() != null && ownFiles.contains(rule.file()) && !exercise.fired.containsKey(key) && seen.add(key)) {
                Optional<RuleDeclarations.Declaration> at = declarations.find(rule.file(), rule.name());
                warnings.add(new PolicyProblem(rule.file(), at.map(d -> java.util.OptionalInt.of(d.line())).orElse(null),
                        at.map(d -> java.util.OptionalInt.of(d.column())).orElse(null), "rule \"" + rule.name()
                        + "\" fires on none of the "
                        + exercise.decided + " requests verify decides (generated, and the scenarios'): check its "
                        + "conditions, and add a scenario where it applies"));
            }
        }
        return warnings;
    }

    private void decide(PolicyRequest request, String what) {
        Explanation explanation;
        try {
            explanation = engine.evaluate(request, true);
        } catch (EvaluationFailedException e) {
            String rule = e.problems().get(0).rule().orElse(null);
            String message = e.problems().get(0).message();
            if (rule == null && message.startsWith(Engine.UNDECIDED_ROLLBACK)) {
                undecided.putIfAbsent(message, new PolicyProblem("(rules)", null, null, message
                        + "; such a rollback fails to evaluate (exit 4): add a rule marked @decides(rollback) for it"));
                return;
            }
            int failedAt = message.indexOf(" failed: ");
            String cause = rule != null && failedAt >= 0 ? message.substring(failedAt + " failed: ".length()) : message;
            PolicyRule failed = rule == null ? null : engine.rules().stream()
                    .filter(r -> rule.equals(r.id()) || rule.equals(r.name())).findFirst().orElse(null);
            String file = failed == null || failed.file() == null ? "(rules)" : failed.file();
            failures.putIfAbsent(file + '\u0000' + rule, new PolicyProblem(file, null, null,
                    (rule == null ? "the rules throw" : "rule " + rule + " throws") + " on " + what + ": " + cause));
            return;
        } catch (PolicyException e) {
            return;
        }
        decided++;
        for (PolicyRule rule : explanation.fired()) {
            fired.putIfAbsent(rule.file() + '\u0000' + rule.name(), rule);
        }
    }

    // --- deployments ---

    private void deployments(Set<LocalTime> ruleTimes) {
        List<String> path = settings.branches().path();
        String production = settings.branches().production();
        String normalSource = path.size() > 1 ? path.get(path.size() - 2) : "feature/verify";
        String hotfixSource = branchMatching(settings.branches().hotfix());
        Set<LocalTime> times = new TreeSet<>(List.of(LocalTime.MIDNIGHT, LocalTime.of(9, 0), LocalTime.NOON,
                LocalTime.of(23, 59)));
        Settings.PreferredWindow preferred = settings.windows().preferred();
        for (LocalTime time : List.of(preferred.from(), preferred.to())) {
            times.add(time);
            times.add(time.minusMinutes(1));
        }
        for (LocalTime time : ruleTimes) {
            times.add(time);
            times.add(time.minusMinutes(1));
        }
        LocalDate monday = LocalDate.of(2030, 1, 7);
        List<Optional<Severity>> severities = new ArrayList<>(List.of(Optional.empty()));
        for (Severity severity : Severity.values()) {
            severities.add(Optional.of(severity));
        }
        for (int day = 0; day < 7; day++) {
            for (LocalTime time : times) {
                OffsetDateTime at = ZonedDateTime.of(monday.plusDays(day), time, settings.zone()).toOffsetDateTime();
                for (Optional<Severity> severity : severities) {
                    for (String source : List.of(normalSource, hotfixSource)) {
                        decide(deployment(at, source, production, severity, ChangeType.FEATURE, List.of()),
                                "a generated deployment from " + source + " on " + WHEN.format(at)
                                        + severity.map(s -> ", severity " + s).orElse(", no severity"));
                    }
                }
            }
        }
        for (Freeze freeze : settings.windows().freezes()) {
            for (OffsetDateTime at : List.of(freeze.from(), freeze.from().minusMinutes(1), freeze.to(),
                    freeze.to().minusMinutes(1))) {
                decide(deployment(at, normalSource, production, Optional.empty(), ChangeType.FEATURE, List.of()),
                        "a generated deployment at the edge of the freeze \"" + freeze.name() + "\" (" + at + ")");
            }
        }
        OffsetDateTime tuesday = ZonedDateTime.of(monday.with(TemporalAdjusters.next(DayOfWeek.TUESDAY)),
                LocalTime.of(10, 0), settings.zone()).toOffsetDateTime();
        for (ChangeType type : ChangeType.values()) {
            decide(deployment(tuesday, normalSource, production, Optional.empty(), type, List.of()),
                    "a generated " + type + " deployment on " + WHEN.format(tuesday));
        }
        for (String flag : List.of("major", "breaking", "paymentRelated", "databaseMigrations")) {
            DeploymentRequest base = deployment(tuesday, normalSource, production, Optional.empty(), ChangeType.FEATURE,
                    List.of());
            Change c = base.change();
            Change flagged = new Change(c.summary(), c.type(), c.severity(), flag.equals("major"), flag.equals("breaking"),
                    flag.equals("paymentRelated"), flag.equals("databaseMigrations"), c.author(), c.headCommit(),
                    c.branchedFrom(), c.labels());
            decide(with(base, flagged, base.attributes()), "a generated deployment with " + flag + " on "
                    + WHEN.format(tuesday));
        }
        for (String role : engine.roleNames()) {
            for (Verdict verdict : Verdict.values()) {
                Approval approval = new Approval("verify-" + role.toLowerCase(Locale.ROOT), role, verdict,
                        Optional.of(HEAD), Channel.PULL_REQUEST, Optional.empty(), Optional.empty());
                decide(deployment(tuesday, normalSource, production, Optional.empty(), ChangeType.FEATURE,
                        List.of(approval)), "a generated deployment " + verdict.name().toLowerCase(Locale.ROOT)
                        + " in the role " + role);
            }
        }
        for (String target : path) {
            decide(deployment(tuesday, target.equals(path.get(0)) ? "feature/verify" : path.get(Math.max(0,
                            path.indexOf(target) - 1)), target, Optional.empty(), ChangeType.FEATURE, List.of()),
                    "a generated deployment to " + target);
        }
        for (Map<String, Object> attributes : attributeVariants()) {
            DeploymentRequest base = deployment(tuesday, normalSource, production, Optional.empty(), ChangeType.FEATURE,
                    List.of());
            decide(with(base, base.change(), attributes), "a generated deployment with the attributes " + attributes);
        }
    }

    private DeploymentRequest deployment(OffsetDateTime at, String source, String target, Optional<Severity> severity,
                                         ChangeType type, List<Approval> approvals) {
        Map<String, CheckStatus> checks = new LinkedHashMap<>();
        settings.checks().required().forEach(check -> checks.put(check, CheckStatus.PASSED));
        checks.put(settings.checks().disasterRecovery(), CheckStatus.PASSED);
        checks.put(settings.checks().paymentReconciliation(), CheckStatus.PASSED);
        List<Approval> given = approvals.isEmpty() ? List.of(new Approval("verify-tech-lead", "TECH_LEAD",
                Verdict.APPROVED, Optional.of(HEAD), Channel.PULL_REQUEST, Optional.empty(), Optional.empty())) : approvals;
        return new DeploymentRequest("verify-" + decided, Optional.of(at), source, target,
                new Requester("verify-requester", List.of("DEVELOPER")),
                new Change(Optional.of("verify"), type, severity, false, false, false, false, "verify-author", HEAD,
                        Optional.of(source), List.of()),
                given, new Reviews(99, true), checks,
                new Checklist(Optional.of(true), java.util.OptionalInt.of(0), Optional.of(true), Optional.of(true),
                        Optional.of(true)),
                List.of(), baseAttributes());
    }

    /** The request with another change and attributes. */
    private static DeploymentRequest with(DeploymentRequest r, Change change, Map<String, Object> attributes) {
        return new DeploymentRequest(r.id(), r.at(), r.source(), r.target(), r.requester(), change, r.approvals(),
                r.reviews(), r.checks(), r.checklist(), r.waivers(), attributes);
    }

    /** A branch name the hotfix glob matches ({@code hotfix/*} gives {@code hotfix/verify}). */
    private static String branchMatching(String glob) {
        return glob.replace("**", "verify").replace("*", "verify").replace("?", "v");
    }

    // --- the times at which findings change ---

    /** A quarter hour: the step at which a week is decided; a change between two steps is found to the minute. */
    private static final int STEP_MINUTES = 15;

    private void timeChanges(RuleDeclarations declarations) {
        List<String> path = settings.branches().path();
        String source = path.size() > 1 ? path.get(path.size() - 2) : "feature/verify";
        ZonedDateTime monday = LocalDate.of(2030, 1, 7).atStartOfDay(settings.zone());
        DeploymentRequest base = deployment(monday.toOffsetDateTime(), source, settings.branches().production(),
                Optional.empty(), ChangeType.FEATURE, List.of());
        Set<String> windowIds = engine.windowRuleIds();
        Map<String, TreeSet<LocalTime>> undeclared = new LinkedHashMap<>();
        Map<String, OffsetDateTime> firstSeen = new LinkedHashMap<>();
        OffsetDateTime before = monday.toOffsetDateTime();
        Map<String, Set<String>> was = findingsAt(base, before);
        for (int step = 1; was != null && step <= 7 * 24 * 60 / STEP_MINUTES; step++) {
            OffsetDateTime at = monday.plusMinutes((long) step * STEP_MINUTES).toOffsetDateTime();
            Map<String, Set<String>> now = findingsAt(base, at);
            if (now == null) {
                return;
            }
            Set<String> ids = new TreeSet<>(was.keySet());
            ids.addAll(now.keySet());
            for (String id : ids) {
                if (Objects.equals(was.get(id), now.get(id))) {
                    continue;
                }
                OffsetDateTime changed = minuteOfChange(base, id, before, at, was.get(id));
                if (changed == null) {
                    return;
                }
                if (windowIds.contains(id)) {
                    LocalTime time = changed.toLocalTime();
                    if (!triedBySearch(id, before, changed)) {
                        undeclared.computeIfAbsent(id, k -> new TreeSet<>()).add(time);
                        firstSeen.putIfAbsent(id, changed);
                    }
                } else {
                    firstSeen.putIfAbsent(id, changed);
                    unmarked.putIfAbsent(id, atRule(id, declarations, false, "its findings change with the time alone "
                            + "(at " + WHEN.format(changed) + ", the same request a minute earlier differs), but it is not "
                            + "marked @window: a decision it blocks gets no next allowed time. Mark it @window(\""
                            + changed.toLocalTime() + "\"), with each time of day its window changes at"));
                }
            }
            was = now;
            before = at;
        }
        undeclared.forEach((id, times) -> {
            TreeSet<LocalTime> all = new TreeSet<>(engine.declaredEdges(id));
            all.addAll(times);
            PolicyProblem problem = atRule(id, declarations, true, "its findings change at " + times.stream()
                    .map(LocalTime::toString).collect(Collectors.joining(", ")) + " (first at "
                    + WHEN.format(firstSeen.get(id)) + "), a time of day its @window does not declare: the next-allowed "
                    + "search would answer later than the window opens. Declare each: @window(" + all.stream()
                    .map(t -> "\"" + t + "\"").collect(Collectors.joining(", ")) + ")");
            failures.putIfAbsent(problem.file() + '\u0000' + id + "\u0000edges", problem);
        });
    }

    /**
     * The counting findings of the base request at a time, by rule id: each effect and subject (messages name the
     * time, so they differ at every step); null when the request cannot be decided (reported elsewhere).
     */
    private Map<String, Set<String>> findingsAt(DeploymentRequest base, OffsetDateTime at) {
        Decision decision;
        try {
            decision = engine.decideAt(base, at);
        } catch (PolicyException e) {
            return null;
        }
        Map<String, Set<String>> byRule = new HashMap<>();
        for (Finding finding : decision.findings()) {
            if (finding.counts()) {
                byRule.computeIfAbsent(finding.rule(), k -> new HashSet<>())
                        .add(finding.effect() + "\u0000" + finding.subject().orElse("\u0001"));
            }
        }
        return byRule;
    }

    /**
     * The first minute after {@code from} (whose findings under {@code id} were {@code was}) up to {@code to} at which
     * they differ, by bisection; null when the request cannot be decided.
     */
    private OffsetDateTime minuteOfChange(DeploymentRequest base, String id, OffsetDateTime from, OffsetDateTime to,
                                          Set<String> was) {
        OffsetDateTime same = from;
        OffsetDateTime differs = to;
        while (Duration.between(same, differs).toMinutes() > 1) {
            OffsetDateTime middle = same.plusMinutes(Duration.between(same, differs).toMinutes() / 2);
            Map<String, Set<String>> found = findingsAt(base, middle);
            if (found == null) {
                return null;
            }
            if (Objects.equals(was, found.get(id))) {
                same = middle;
            } else {
                differs = middle;
            }
        }
        return differs.atZoneSameInstant(settings.zone()).toOffsetDateTime();
    }

    /**
     * Whether the next-allowed search tries a time in {@code (after, at]} for window rules with this id: midnight,
     * the preferred window's edges, a time of day they declare, or a freeze's (a recurring one's occurrence's too) or
     * standing waiver's edge.
     */
    private boolean triedBySearch(String id, OffsetDateTime after, OffsetDateTime at) {
        LocalTime time = at.atZoneSameInstant(settings.zone()).toLocalTime();
        Settings.PreferredWindow preferred = settings.windows().preferred();
        if (time.equals(LocalTime.MIDNIGHT) || time.equals(preferred.from()) || time.equals(preferred.to())
                || engine.declaredEdges(id).contains(time)) {
            return true;
        }
        List<OffsetDateTime> edges = new ArrayList<>();
        for (Freeze freeze : settings.windows().freezes()) {
            edges.add(freeze.from());
            edges.add(freeze.to());
        }
        for (StandingWaiver waiver : settings.waivers().standing()) {
            edges.add(waiver.from());
            edges.add(waiver.to());
        }
        edges.addAll(engine.recurringFreezes().edgesOn(at.atZoneSameInstant(settings.zone()).toLocalDate()));
        return edges.stream().anyMatch(edge -> edge.isAfter(after) && !edge.isAfter(at));
    }

    /** A problem at the first rule with this id (a window rule's when {@code window}), with its line. */
    private PolicyProblem atRule(String id, RuleDeclarations declarations, boolean window, String message) {
        PolicyRule rule = engine.rules().stream().filter(r -> id.equals(r.id()))
                .filter(r -> declarations.find(r.file(), r.name()).map(d -> d.window() == window).orElse(!window))
                .findFirst().orElse(null);
        if (rule == null) {
            return new PolicyProblem("(rules)", null, null, "rule " + id + ": " + message);
        }
        Optional<RuleDeclarations.Declaration> at = declarations.find(rule.file(), rule.name());
        return new PolicyProblem(rule.file() == null ? "(rules)" : rule.file(),
                at.map(d -> java.util.OptionalInt.of(d.line())).orElse(null),
                at.map(d -> java.util.OptionalInt.of(d.column())).orElse(null),
                "rule \"" + rule.name() + "\" (" + id + "): " + message);
    }

    // --- rollbacks ---

    private void rollbacks() {
        OffsetDateTime at = ZonedDateTime.of(LocalDate.of(2030, 1, 8), LocalTime.of(18, 0), settings.zone())
                .toOffsetDateTime();
        double threshold = settings.rollback().apiErrorThreshold();
        List<List<String>> requesterRoles = new ArrayList<>();
        requesterRoles.add(List.of());
        engine.roleNames().forEach(role -> requesterRoles.add(List.of(role)));
        for (IncidentType type : IncidentType.values()) {
            List<Optional<Double>> rates = type == IncidentType.API_ERRORS
                    ? List.of(Optional.of(0.0), Optional.of(threshold), Optional.of(Math.min(1, threshold + 0.01)),
                    Optional.of(1.0)) : List.of(Optional.empty());
            for (Optional<Double> rate : rates) {
                for (List<String> roles : requesterRoles) {
                    for (boolean approved : List.of(false, true)) {
                        List<Approval> approvals = approved ? List.of(new Approval("verify-tech-lead", "TECH_LEAD",
                                Verdict.APPROVED, Optional.empty(), Channel.PULL_REQUEST, Optional.empty(),
                                Optional.empty())) : List.of();
                        decide(new RollbackRequest("verify-rollback", Optional.of(at),
                                        new Requester("verify-requester", roles),
                                        new Incident(type, rate.map(java.util.OptionalDouble::of)
                                                .orElse(java.util.OptionalDouble.empty()), Optional.empty()),
                                        approvals, List.of(), baseAttributes()),
                                "a generated " + type + " rollback" + rate.map(r -> " at an error rate of " + r).orElse("")
                                        + " asked by " + (roles.isEmpty() ? "someone with no role" : roles.get(0))
                                        + (approved ? ", a Tech Lead approving" : ""));
                    }
                }
            }
        }
    }

    // --- attributes ---

    /** The attributes a request must carry (each required one at its first boundary value). */
    private Map<String, Object> baseAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        AttributeSchema schema = engine.attributes();
        for (String name : schema.required()) {
            List<Object> values = boundaries(schema.property(name));
            if (!values.isEmpty()) {
                attributes.put(name, values.get(0));
            }
        }
        return attributes;
    }

    /** For each declared attribute, each of its boundary values, beside the required ones. */
    private List<Map<String, Object>> attributeVariants() {
        List<Map<String, Object>> variants = new ArrayList<>();
        AttributeSchema schema = engine.attributes();
        for (String name : schema.names()) {
            for (Object value : boundaries(schema.property(name))) {
                Map<String, Object> attributes = new LinkedHashMap<>(baseAttributes());
                attributes.put(name, value);
                variants.add(attributes);
            }
        }
        return variants;
    }

    /** Values at the edges of a property's schema: its minimum and maximum, each enum value, both booleans... */
    private static List<Object> boundaries(JsonNode property) {
        List<Object> values = new ArrayList<>();
        String type = property.path("type").asText();
        if (property.has("enum")) {
            property.get("enum").forEach(value -> values.add(value.isIntegralNumber() ? (Object) value.longValue()
                    : value.isNumber() ? value.decimalValue() : value.isBoolean() ? value.booleanValue() : value.asText()));
            return values;
        }
        switch (type) {
            case "integer" -> {
                values.add(property.has("minimum") ? property.get("minimum").decimalValue().setScale(0, java.math.RoundingMode.CEILING).longValue() : 0L);
                values.add(property.has("maximum") ? property.get("maximum").decimalValue().setScale(0, java.math.RoundingMode.FLOOR).longValue() : 1L);
            }
            case "number" -> {
                values.add(property.has("minimum") ? property.get("minimum").decimalValue() : BigDecimal.ZERO);
                values.add(property.has("maximum") ? property.get("maximum").decimalValue() : BigDecimal.ONE);
            }
            case "boolean" -> {
                values.add(false);
                values.add(true);
            }
            case "string" -> {
                int min = property.path("minLength").asInt(1);
                int max = property.path("maxLength").asInt(Math.max(min, 8));
                values.add("v".repeat(Math.max(min, 1)));
                values.add("v".repeat(Math.max(max, 1)));
            }
            case "array" -> {
                values.add(List.of());
                List<Object> items = boundaries(property.path("items"));
                if (!items.isEmpty()) {
                    values.add(List.of(items.get(0)));
                }
            }
            default -> {
            }
        }
        return values;
    }

    // --- times the rules name ---

    /** The times of day rule files write as {@code LocalTime.of(16, 0)} or {@code LocalTime.parse("16:00")}. */
    static Set<LocalTime> timesNamedIn(List<PolicyFiles.SourceFile> files) {
        Set<LocalTime> times = new TreeSet<>();
        for (PolicyFiles.SourceFile file : files) {
            String text = new String(file.bytes(), StandardCharsets.UTF_8);
            if (!text.contains("LocalTime")) {
                continue;
            }
            List<RuleText.Token> tokens = RuleText.tokens(text);
            for (int i = 0; i + 3 < tokens.size(); i++) {
                if (!tokens.get(i).isIdentifier("LocalTime") || !tokens.get(i + 1).is(".")) {
                    continue;
                }
                int here = i;
                Function<Integer, RuleText.Token> at = k -> here + k < tokens.size() ? tokens.get(here + k) : null;
                try {
                    if (tokens.get(i + 2).isIdentifier("of") && at.apply(3) != null && at.apply(3).is("(")
                            && at.apply(4) != null && at.apply(4).kind() == RuleText.Kind.NUMBER) {
                        int hour = Integer.parseInt(at.apply(4).text());
                        int minute = at.apply(6) != null && at.apply(6).kind() == RuleText.Kind.NUMBER
                                ? Integer.parseInt(at.apply(6).text()) : 0;
                        times.add(LocalTime.of(hour, minute));
                    } else if (tokens.get(i + 2).isIdentifier("parse") && at.apply(4) != null
                            && at.apply(4).kind() == RuleText.Kind.STRING) {
                        times.add(LocalTime.parse(at.apply(4).text()));
                    }
                } catch (RuntimeException e) {
                    // not a time after all: nothing to try
                }
            }
        }
        return times;
    }
}
