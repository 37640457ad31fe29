package org.deploypolicy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deploypolicy.Approver;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentRequest;
import org.deploypolicy.EvaluationFailedException;
import org.deploypolicy.EvaluationProblem;
import org.deploypolicy.Explanation;
import org.deploypolicy.Finding;
import org.deploypolicy.InvalidRequestException;
import org.deploypolicy.NextAllowed;
import org.deploypolicy.Obligation;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.RollbackRequest;
import org.deploypolicy.Scenario;
import org.deploypolicy.rules.Approvers;
import org.deploypolicy.rules.Deployment;
import org.deploypolicy.rules.Freeze;
import org.deploypolicy.rules.Rollback;
import org.deploypolicy.rules.Settings;
import org.deploypolicy.rules.Vote;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.core.common.ReteEvaluator;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.io.Resource;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * A compiled policy deciding requests. How a decision is assembled: the request becomes one fact
 * ({@link Deployment} or {@link Rollback}) beside the {@link Settings}, each freeze and each person's latest
 * {@link Vote}; a session of the call's own fires the rules, which report findings and obligations, require approvals
 * and discount votes through the call's own {@link RuleReports} (the rules' {@code findings}); the approval slots are
 * then filled from the votes that still count ({@link RoleAssignment}), on a deployment each requiring rule reports
 * what is missing and who rejected ({@link ApprovalRequirements}), and the rules fire again with the
 * {@link Approvers}; then, in
 * Java and never in a rule, findings are de-duplicated (one per rule and subject, the strongest effect kept),
 * waivers are answered, findings are sorted, and the outcome is computed from them. Obligations are kept only on
 * an approved production deployment. Any exception while rules run fails the call closed.
 *
 * <p>Immutable and thread-safe: the knowledge base is shared; each call takes a session of its own, kept warm
 * between calls ({@link WarmSessions}).
 */
final class Engine {
    /** More rule firings than this for one request means a rule loops; the call fails closed. */
    static final int MAX_FIRINGS = 10_000;
    /** Marks a rule the next-allowed search decides again at other times: {@code @window}. */
    static final String WINDOW = "window";
    /** Marks a rule whose finding decides a rollback: {@code @decides(rollback)}; without one, none is approved. */
    static final String DECIDES = "decides";
    /** Lets only the window rules fire: what the next-allowed search asks at each time it tries. */
    private static final AgendaFilter WINDOW_RULES = match -> isWindowRule(match.getRule());

    /** How a rollback that no rule decided fails. */
    static final String UNDECIDED_ROLLBACK = "no rule marked @decides(rollback) decided this rollback";

    private final WarmSessions sessions;
    private final WarmSessions windowSessions;
    /**
     * A window rule matches facts that other rules insert ({@link CompiledRules#matchesDerivedFacts}): the search
     * then fires the whole policy at each time it tries, so that those facts are there.
     */
    private final boolean windowsWithWholePolicy;
    private final Settings settings;
    private final AttributeSchema attributes;
    private final FreezeOccurrences recurring;
    private final NextAllowedSearch nextAllowed;
    /** The times of day the window rules declare their windows change at ({@code @window("16:00")}). */
    private final WindowEdges windowEdges;
    private final PolicyId id;
    private final Supplier<Description> describe;
    private volatile Description description;
    private final Clock clock;
    private final boolean findingsGlobal;
    /** The ids of the rules marked {@code @window}, and of those marked {@code @decides(rollback)}. */
    private final Set<String> windowIds = new HashSet<>();
    private final Set<String> rollbackIds = new HashSet<>();
    /** The place of each rule file among the policy's: inherited files first (the lowest policy's), each by path. */
    private final Map<String, Integer> fileOrder;
    /** {@link #standing}, made once: the warm path allocates nothing for it. */
    private final ToLongFunction<Rule> standing = this::standing;

    /**
     * @param windowRules a knowledge base of the window rules of {@code kieBase} alone, which makes the next-allowed
     *                    search cheaper, or null to search with {@code kieBase}
     * @param calendarEvents the events of the policy's calendar files ({@link CalendarFiles})
     * @param ruleFiles   the paths of the rule files in the order their rules stand ({@link SettingsLayers#inOrder})
     */
    Engine(KieBase kieBase, KieBase windowRules, Settings settings, List<FreezeOccurrences.Series> calendarEvents,
           AttributeSchema attributes, PolicyId id,
           Supplier<Description> describe, Clock clock, List<String> ruleFiles) {
        this.sessions = new WarmSessions(kieBase);
        this.windowsWithWholePolicy = kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream())
                .anyMatch(rule -> isWindowRule(rule) && CompiledRules.matchesDerivedFacts(rule));
        this.windowSessions = windowRules == null || windowsWithWholePolicy ? sessions : new WarmSessions(windowRules);
        this.settings = settings;
        this.attributes = attributes;
        this.recurring = new FreezeOccurrences(settings.zone(), settings.windows().recurringFreezes(), calendarEvents);
        this.windowEdges = WindowEdges.of(kieBase, settings.params());
        this.nextAllowed = new NextAllowedSearch(settings, recurring, windowEdges.all());
        this.id = id;
        this.describe = describe;
        this.clock = clock;
        this.fileOrder = new HashMap<>();
        for (String file : ruleFiles) {
            fileOrder.put(file, fileOrder.size());
        }
        this.findingsGlobal = kieBase.getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals("findings")));
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                if (rule.getMetaData().get("id") instanceof String ruleId) {
                    if (isWindowRule(rule)) {
                        windowIds.add(ruleId);
                    }
                    if ("rollback".equals(rule.getMetaData().get(DECIDES))) {
                        rollbackIds.add(ruleId);
                    }
                }
            }
        }
    }

    PolicyId id() {
        return id;
    }

    Settings settings() {
        return settings;
    }

    /**
     * The rules in force and what {@code verify} warns about, worked out from the rule files when first asked:
     * deciding never needs them, and a command-line decision starts faster without.
     *
     * @param rules    the rules in force, each with the effects its consequence can report
     * @param warnings what is likely a mistake in a policy that builds
     * @param roleNames the role names the policy names ({@link RoleNames})
     * @param inForce  the rules by file and name
     */
    record Description(List<PolicyRule> rules, List<PolicyProblem> warnings, Set<String> roleNames,
                       Map<String, PolicyRule> inForce, SettingsLayers layers) {
        Description(List<PolicyRule> rules, List<PolicyProblem> warnings, Set<String> roleNames, SettingsLayers layers) {
            this(rules, warnings, roleNames, byFileAndName(rules), layers);
        }

        private static Map<String, PolicyRule> byFileAndName(List<PolicyRule> rules) {
            Map<String, PolicyRule> inForce = new HashMap<>();
            rules.forEach(rule -> inForce.put(rule.file() + '\u0000' + rule.name(), rule));
            return inForce;
        }
    }

    /**
     * Decides generated requests and the scenarios of the policy and of those it extends ({@link Exercise}).
     *
     * @param ownScenarios  the policy's own scenarios (those shipped with a classpath policy are found here)
     * @param classpathName the classpath policy it is, or null for a directory
     */
    List<PolicyProblem> exercise(List<Scenario> ownScenarios, String classpathName, ClassLoader loader) {
        SettingsLayers layers = description().layers();
        List<Scenario> scenarios = new ArrayList<>(ownScenarios);
        List<String> shipped = new ArrayList<>();
        if (classpathName != null) {
            shipped.add(classpathName);
        }
        shipped.addAll(layers.extended());
        for (String extended : shipped) {
            for (PolicyFiles.SourceFile file : PolicyFiles.classpathScenarios(extended, loader)) {
                scenarios.addAll(ScenarioFiles.read(extended + "/" + file.path(), file.bytes()));
            }
        }
        // a classpath policy has no files of a team's own: only a directory's rules must show they can fire
        Set<String> own = new HashSet<>();
        if (classpathName == null) {
            layers.rules().forEach(file -> own.add(file.path()));
            own.removeAll(layers.inherited());
        }
        return Exercise.run(this, own, scenarios, layers.rules());
    }

    private Description description() {
        Description described = description;
        if (described == null) {
            synchronized (this) {
                if (description == null) {
                    description = describe.get();
                }
                described = description;
            }
        }
        return described;
    }

    /** The ids of the rules marked {@code @window}. */
    Set<String> windowRuleIds() {
        return Set.copyOf(windowIds);
    }

    /** The times of day the window rules with this id declare their windows change at. */
    Set<LocalTime> declaredEdges(String ruleId) {
        return windowEdges.of(ruleId);
    }

    /** Decides a request at a time, without looking for the next allowed time ({@code verify} asks many times). */
    Decision decideAt(PolicyRequest request, OffsetDateTime at) {
        validate(request);
        OffsetDateTime local = at.atZoneSameInstant(settings.zone()).toOffsetDateTime();
        return evaluateAt(request, Votes.of(request, settings), local, false).decision();
    }

    /** The ids of the rules marked {@code @decides(rollback)}. */
    Set<String> rollbackRuleIds() {
        return Set.copyOf(rollbackIds);
    }

    List<PolicyRule> rules() {
        return description().rules();
    }

    /** What {@code verify} warns about: the policy builds, but something in it is likely a mistake. */
    List<PolicyProblem> warnings() {
        return description().warnings();
    }

    /** The role names the policy's roster, {@code waivers.grantedBy} and rule files name. */
    Set<String> roleNames() {
        return description().roleNames();
    }

    /** Whether a rule is marked {@code @window}: what the next-allowed search decides again at other times. */
    static boolean isWindowRule(Rule rule) {
        return rule.getMetaData().containsKey(WINDOW);
    }

    /** Decides a request; with {@code trace}, also which rules fired, in order. */
    Explanation evaluate(PolicyRequest request, boolean trace) {
        validate(request);
        OffsetDateTime at = request.at().orElseGet(() -> OffsetDateTime.now(clock))
                .atZoneSameInstant(settings.zone()).toOffsetDateTime();
        List<Vote> votes = Votes.of(request, settings);
        Explanation explanation = evaluateAt(request, votes, at, trace);
        Decision decision = explanation.decision();
        if (!NextAllowedSearch.blockedByWindows(decision, windowIds)) {
            return explanation;
        }
        Optional<NextAllowed> next = nextAllowed.search(at, time -> windowFindingsAt(request, votes, time));
        return new Explanation(new Decision(decision.requestId(), decision.outcome(), decision.findings(),
                decision.approvers(), decision.obligations(), next, decision.policy(), decision.evaluatedAt()),
                explanation.fired());
    }

    /**
     * Checks a request as the contract and this policy's {@code attributes} say, every problem reported together.
     *
     * @throws InvalidRequestException naming each field at fault by its path
     */
    void validate(PolicyRequest request) {
        List<RequestProblem> attributeProblems = request == null || request.attributes() == null ? List.of()
                : attributes.check(request.attributes());
        if (attributeProblems.isEmpty()) {
            RequestValidator.validate(request);
            return;
        }
        List<RequestProblem> problems = new ArrayList<>();
        try {
            RequestValidator.validate(request);
        } catch (InvalidRequestException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(attributeProblems);
        throw new InvalidRequestException(problems);
    }

    /** The schema of a request's {@code attributes} under this policy. */
    AttributeSchema attributes() {
        return attributes;
    }

    /**
     * What the window rules find about a valid request at another time, with waivers answered: what the
     * next-allowed search asks at each time it tries. The rest of the policy does not fire, unless a window rule
     * matches facts other rules insert ({@link #windowsWithWholePolicy}).
     */
    private List<Finding> windowFindingsAt(PolicyRequest request, List<Vote> votes, OffsetDateTime at) {
        RuleReports findings = new RuleReports();
        fire(fact(request, at), votes, findings, List.of(), false, !windowsWithWholePolicy);
        List<Finding> windows = new ArrayList<>();
        for (Finding finding : WaiverDecisions.apply(findings.findings(), request, at.toInstant(), settings)) {
            if (finding.counts() && windowIds.contains(finding.rule())) {
                windows.add(finding);
            }
        }
        return windows;
    }

    private static Instant instantOf(Object fact) {
        return fact instanceof Deployment d ? d.getInstant() : ((Rollback) fact).getLocal().toInstant();
    }

    /**
     * What the window rules find that counts about a request at a time, with waivers answered: the deploy calendar's
     * probes. The request is not checked: the calendar makes its own.
     */
    List<Finding> windowsAt(PolicyRequest request, OffsetDateTime at) {
        return windowFindingsAt(request, Votes.of(request, settings), at);
    }

    /** The times on a local day at which a window can open or close, and the next midnight, in order. */
    SortedSet<OffsetDateTime> windowTimes(LocalDate date) {
        return nextAllowed.candidates(date);
    }

    /** The freezes of the settings and calendar files that contain an instant. */
    List<Freeze> freezesAt(Instant instant) {
        List<Freeze> found = new ArrayList<>(recurring.containing(instant));
        settings.windows().freezes().stream().filter(freeze -> freeze.contains(instant)).forEach(found::add);
        return found;
    }

    /** The occurrences of the policy's recurring freezes. */
    FreezeOccurrences recurringFreezes() {
        return recurring;
    }

    private Object fact(PolicyRequest request, OffsetDateTime at) {
        return request instanceof DeploymentRequest d ? new Deployment(d, at, settings)
                : new Rollback((RollbackRequest) request, at, settings);
    }

    /** Decides a valid request at a time in the policy's zone, without looking for the next allowed time. */
    private Explanation evaluateAt(PolicyRequest request, List<Vote> votes, OffsetDateTime at, boolean trace) {
        RuleReports findings = new RuleReports();
        List<PolicyRule> fired = trace ? new ArrayList<>() : List.of();
        Object fact = fact(request, at);
        List<Approver> approvers = fire(fact, votes, findings, fired, trace, false);
        return new Explanation(decide(request, fact, at, findings, approvers), fired);
    }

    /**
     * Fires the rules in two rounds: first every rule that needs only the request (findings, required approvals,
     * discounted votes); then, with the slots filled from the votes that still count, the rules that match
     * {@link Approvers}. Returns the slots. With {@code windowRulesOnly}, only the window rules fire, once
     * (in a session of their own knowledge base when there is one), and no slots are filled (they need none).
     */
    private List<Approver> fire(Object fact, List<Vote> votes, RuleReports findings, List<PolicyRule> fired,
                                boolean trace, boolean windowRulesOnly) {
        WarmSessions pool = windowRulesOnly ? windowSessions : sessions;
        Map<String, PolicyRule> inForce = trace ? description().inForce() : Map.of();
        KieSession session = pool.take();
        List<FactHandle> inserted = new ArrayList<>(votes.size() + 4);
        boolean completed = false;
        AgendaEventListener listener = trace ? new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                PolicyRule rule = PolicyCompiler.describe(event.getMatch().getRule());
                fired.add(inForce.getOrDefault(rule.file() + '\u0000' + rule.name(), rule));
            }
        } : null;
        try {
            if (findingsGlobal) {
                session.setGlobal("findings", findings);
                findings.bind(session);
            }
            if (listener != null) {
                session.addEventListener(listener);
            }
            // only what some rule can match: a fact no pattern takes costs its handle and propagation for nothing
            if (pool.matchesSettings) {
                inserted.add(session.insert(settings));
            }
            if (pool.matchesFreezes) {
                for (Freeze freeze : settings.windows().freezes()) {
                    inserted.add(session.insert(freeze));
                }
                if (!recurring.isEmpty()) {
                    // only the occurrences that hold the request's time matter to it
                    for (Freeze occurrence : recurring.containing(instantOf(fact))) {
                        inserted.add(session.insert(occurrence));
                    }
                }
            }
            if (pool.matchesVotes) {
                for (int i = 0; i < votes.size(); i++) {
                    inserted.add(session.insert(votes.get(i)));
                }
            }
            inserted.add(session.insert(fact));
            if (windowRulesOnly) {
                checkFirings(session.fireAllRules(WINDOW_RULES, MAX_FIRINGS + 1));
                if (windowSessions != sessions) {
                    // a knowledge base of the window rules alone: every match must have fired (with the whole
                    // policy's, the filter leaves the other rules' matches waiting, as it should)
                    checkAllFired(session);
                }
                completed = true;
                return List.of();
            }
            int firings = session.fireAllRules(MAX_FIRINGS + 1);
            findings.closeDiscounts();
            List<ApprovalRequirements.Requirement> requirements = findings.requirements(standing);
            List<Approver> approvers = RoleAssignment.assign(requirements, votes, vote -> !findings.isDiscounted(vote));
            if (fact instanceof Deployment && !requirements.isEmpty()) {
                findings.reportOn(requirements, approvers, votes);
            }
            if (pool.matchesApprovers) {
                inserted.add(session.insert(new Approvers(approvers)));
                firings += session.fireAllRules(MAX_FIRINGS + 1);
            }
            checkFirings(firings);
            checkAllFired(session);
            completed = true;
            return approvers;
        } catch (ConsequenceException e) {
            PolicyRule rule = PolicyCompiler.describe(e.getRule());
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failed(rule.id() == null ? rule.name() : rule.id(), "rule \"" + rule.name() + "\""
                    + (rule.file() == null ? "" : " in " + rule.file()) + " failed: " + cause, e);
        } catch (EvaluationFailedException e) {
            throw e;
        } catch (org.drools.mvel.ConstraintEvaluationException
                 | org.drools.modelcompiler.constraints.ConstraintEvaluationException e) {
            // Compiled from DRL or to the executable model, a failed condition says the same in another class, and
            // wraps its cause in layers that differ (and change once MVEL optimises): name what was thrown.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            PolicyRule rule = conditionOf(e, pool.kieBase());
            throw rule != null ? conditionFailed(rule, cause, e)
                    : failed(null, "the rules failed: " + e.getMessage() + (cause == e ? "" : ": " + cause), e);
        } catch (RuntimeException e) {
            PolicyRule rule = conditionOf(e, pool.kieBase());
            throw rule != null ? conditionFailed(rule, e, e) : failed(null, "the rules failed: " + e, e);
        } catch (LinkageError | StackOverflowError | AssertionError e) {
            throw failed(null, "the rules failed: " + e, e);
        } finally {
            if (listener != null) {
                session.removeEventListener(listener);
            }
            if (completed) {
                inserted.addAll(findings.insertedRoles());
                pool.giveBack(session, inserted);
            } else {
                pool.discard(session);
            }
        }
    }

    /**
     * Where a rule stands in the policy's files, smaller first: its file's place ({@link #fileOrder}), then its place
     * in the file. Drools numbers a file's rules in order (from 0 in each file compiled from DRL, on from the
     * package's earlier files in the executable model), so the number orders rules within a file, never across.
     */
    private long standing(Rule rule) {
        Resource resource = rule instanceof RuleImpl impl ? impl.getResource() : null;
        Integer file = resource == null ? null : fileOrder.get(resource.getSourcePath());
        return (long) (file == null ? fileOrder.size() : file) << 32 | (rule.getLoadOrder() & 0xffffffffL);
    }

    /**
     * Fails the call when a match is still waiting to fire: a rule halted the session ({@code drools.halt()}), and
     * a decision without the rules that had not fired yet could approve what they would block.
     */
    private static void checkAllFired(KieSession session) {
        if (((ReteEvaluator) session).getActivationsManager().peekNextRule() != null) {
            throw failed(null, "the rules stopped before every match fired (a rule halted the session); "
                    + "a decision needs every rule that applies", null);
        }
    }

    private static void checkFirings(int firings) {
        if (firings > MAX_FIRINGS) {
            throw failed(null, "the rules fired more than " + MAX_FIRINGS + " times for one request; a rule loops", null);
        }
    }

    /** Drools names the rule of a condition that failed in its message: {@code [Rule "team.var" in team.drl]}. */
    private static final Pattern FAILED_RULE = Pattern.compile("\\[Rule \"((?:[^\"\\\\]|\\\\.)*)\" in ");

    /** The rule whose condition failed, as the exception names it, or null when it names none the policy has. */
    private static PolicyRule conditionOf(RuntimeException e, KieBase kieBase) {
        Matcher named = FAILED_RULE.matcher(String.valueOf(e.getMessage()));
        if (!named.find()) {
            return null;
        }
        for (var kiePackage : kieBase.getKiePackages()) {
            for (var rule : kiePackage.getRules()) {
                if (rule.getName().equals(named.group(1))) {
                    return PolicyCompiler.describe(rule);
                }
            }
        }
        return null;
    }

    private static EvaluationFailedException conditionFailed(PolicyRule rule, Throwable cause, RuntimeException e) {
        return failed(rule.id() == null ? rule.name() : rule.id(), "a condition of rule \"" + rule.name() + "\""
                + (rule.file() == null ? "" : " in " + rule.file()) + " failed: " + cause, e);
    }

    private static EvaluationFailedException failed(String rule, String message, Throwable cause) {
        return new EvaluationFailedException(new EvaluationProblem(Optional.ofNullable(rule), message), cause);
    }

    /** A rule and a subject; no subject and an empty subject are different subjects. */
    private record RuleSubject(String rule, Optional<String> subject) {
    }

    /**
     * At most one finding per rule and subject: the one with the strongest effect, and among equals the first
     * message in text order, so the firing order of rules never shows in a decision.
     */
    private static void keepStrongest(Map<RuleSubject, Finding> strongest, Finding finding) {
        strongest.merge(new RuleSubject(finding.rule(), finding.subject()), finding,
                (kept, next) -> STRONGEST.compare(next, kept) < 0 ? next : kept);
    }

    private static final Comparator<Finding> STRONGEST = Comparator.comparing(Finding::effect)
            .thenComparing(Finding::message);

    private Decision decide(PolicyRequest request, Object fact, OffsetDateTime at, RuleReports findings,
                            List<Approver> approvers) {
        Map<RuleSubject, Finding> strongest = new LinkedHashMap<>();
        findings.findings().forEach(finding -> keepStrongest(strongest, finding));
        if (request instanceof RollbackRequest rollback
                && strongest.keySet().stream().noneMatch(key -> rollbackIds.contains(key.rule()))) {
            throw failed(null, UNDECIDED_ROLLBACK + " (incident "
                    + rollback.incident().type() + "); a rollback is never approved by default", null);
        }
        List<Finding> all = new ArrayList<>(strongest.values());
        List<Finding> answered = WaiverDecisions.apply(all, request, at.toInstant(), settings);
        if (answered != all) {
            Map<RuleSubject, Finding> kept = new LinkedHashMap<>();
            answered.forEach(finding -> keepStrongest(kept, finding));
            all = new ArrayList<>(kept.values());
        }
        all.sort(Finding.ORDER);
        Outcome outcome = Decision.outcomeOf(all);
        boolean production = fact instanceof Deployment d && d.isProduction();
        List<Obligation> obligations = outcome == Outcome.APPROVED && production ? findings.obligations() : List.of();
        return new Decision(request.id(), outcome, all, approvers, obligations, Optional.empty(), id, at);
    }
}
