package org.deploypolicy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a policy change would have decided differently: every request decided under a base policy and under a
 * changed one, and each whose outcome or findings (rule, effect, subject) differ. What a rule author runs
 * before merging a policy change.
 */
public final class PolicyDiff {
    private PolicyDiff() {
    }

    /**
     * One request decided differently.
     *
     * @param input   where the request came from ({@code samples/friday-feature.json}, {@code log.jsonl:12})
     * @param request the request
     * @param base    its decision under the base policy
     * @param changed its decision under the changed policy
     */
    public record Difference(String input, PolicyRequest request, Decision base, Decision changed) {
        /** Whether the outcome changed (not only the findings). */
        public boolean outcomeChanged() {
            return base.outcome() != changed.outcome();
        }

        /** Findings (rule, effect, subject) only the base decision has. */
        public Set<String> removed() {
            Set<String> removed = keys(base);
            removed.removeAll(keys(changed));
            return removed;
        }

        /** Findings (rule, effect, subject) only the changed decision has. */
        public Set<String> added() {
            Set<String> added = keys(changed);
            added.removeAll(keys(base));
            return added;
        }
    }

    /**
     * The comparison over a set of requests.
     *
     * @param inputs      how many requests were decided
     * @param differences those decided differently, in input order
     */
    public record Report(int inputs, List<Difference> differences) {
        public Report {
            differences = List.copyOf(differences);
        }

        /** Whether any outcome changed. */
        public boolean outcomeChanged() {
            return differences.stream().anyMatch(Difference::outcomeChanged);
        }

        /** {@code 8 inputs, 2 changed: 1 newly rejected, 1 newly approved, 0 newly pending, 0 findings only}. */
        public String summary() {
            Map<Outcome, Long> newly = differences.stream().filter(Difference::outcomeChanged)
                    .collect(Collectors.groupingBy(d -> d.changed().outcome(), Collectors.counting()));
            long findingsOnly = differences.stream().filter(d -> !d.outcomeChanged()).count();
            return inputs + " inputs, " + differences.size() + " changed: "
                    + newly.getOrDefault(Outcome.REJECTED, 0L) + " newly rejected, "
                    + newly.getOrDefault(Outcome.APPROVED, 0L) + " newly approved, "
                    + newly.getOrDefault(Outcome.PENDING, 0L) + " newly pending, "
                    + findingsOnly + " findings only";
        }
    }

    /**
     * Decides every request under both policies.
     *
     * @param requests the requests by where they came from, in order; one without a time is judged at the same
     *                 moment under both policies
     * @throws EvaluationFailedException when a policy fails on a request
     */
    public static Report compare(DeploymentPolicy base, DeploymentPolicy changed, Map<String, PolicyRequest> requests) {
        Objects.requireNonNull(base, "base policy must not be null");
        Objects.requireNonNull(changed, "changed policy must not be null");
        List<Difference> differences = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Map.Entry<String, PolicyRequest> input : new LinkedHashMap<>(requests).entrySet()) {
            PolicyRequest request = input.getValue().at().isPresent() ? input.getValue() : input.getValue().withAt(now);
            Decision before = base.evaluate(request);
            Decision after = changed.evaluate(request);
            if (differs(before, after)) {
                differences.add(new Difference(input.getKey(), request, before, after));
            }
        }
        return new Report(requests.size(), differences);
    }

    /**
     * A replay of logged decisions under a changed policy.
     *
     * @param report            the differences, each input named {@code FILE:LINE}
     * @param productionDeploys how many deployments to the changed policy's production branch were decided, each
     *                          request id once (a request decided again, by a rerun or a re-check, counts by its last
     *                          decision)
     * @param blocked           how many of those the log approved and the changed policy does not
     * @param letThrough        how many of those the log did not approve and the changed policy does
     */
    public record Replay(Report report, int productionDeploys, int blocked, int letThrough) {
        /** {@code 12 production deploys: 3 would have been blocked, 0 let through}. */
        public String productionSummary() {
            return productionDeploys + " production deploy" + (productionDeploys == 1 ? "" : "s") + ": " + blocked
                    + " would have been blocked, " + letThrough + " let through";
        }
    }

    /**
     * Decides logged requests again, each at the time it was decided (never now), under the changed policy, and
     * compares each with the decision the log recorded, or, with a base policy, with the base's decision at that
     * time.
     *
     * @param base    the policy to decide again under instead of taking the logged decisions, or null
     * @param decided the logged decisions, each with its request
     * @throws IllegalArgumentException  naming the line, when a line keeps its request's digest only or its request
     *                                   does not read under a policy (an attribute the policy does not declare)
     * @throws EvaluationFailedException when a policy fails on a request, naming its line
     */
    public static Replay replay(DeploymentPolicy base, DeploymentPolicy changed, List<DecisionHistory.Decided> decided) {
        Objects.requireNonNull(changed, "changed policy must not be null");
        List<Difference> differences = new ArrayList<>();
        String production = changed.settings().branches().production();
        // a request decided more than once (a rerun, a re-check) is one deploy: its last decision counts
        Map<String, Approved> deploys = new HashMap<>();
        for (DecisionHistory.Decided line : decided) {
            PolicyRequest logged = line.request().orElseThrow(() -> new IllegalArgumentException(line.where()
                    + ": the line keeps only its request's digest (a log kept with digests only: --log-digest-only, "
                    + "DecisionLog.Contents.DIGESTS_ONLY), so its request cannot be decided again"));
            PolicyRequest request = logged.withAt(line.decidedAt());
            Decision before;
            Decision after;
            try {
                before = base == null ? line.decision() : base.evaluate(request);
                after = changed.evaluate(request);
            } catch (InvalidRequestException e) {
                throw new IllegalArgumentException(line.where() + ": its request does not read under the policy: "
                        + String.join("; ", e.problems().stream().map(Problem::describe).toList()), e);
            } catch (EvaluationFailedException e) {
                EvaluationProblem failed = e.problems().get(0);
                throw new EvaluationFailedException(new EvaluationProblem(failed.rule(), line.where() + ": "
                        + failed.message()), e);
            }
            if (differs(before, after)) {
                differences.add(new Difference(line.where(), request, before, after));
            }
            if (request instanceof DeploymentRequest deployment && deployment.target().equals(production)) {
                deploys.put(request.id(), new Approved(before.outcome() == Outcome.APPROVED,
                        after.outcome() == Outcome.APPROVED));
            }
        }
        int blocked = (int) deploys.values().stream().filter(d -> d.before() && !d.after()).count();
        int letThrough = (int) deploys.values().stream().filter(d -> !d.before() && d.after()).count();
        return new Replay(new Report(decided.size(), differences), deploys.size(), blocked, letThrough);
    }

    /** Whether a production deploy was approved before the change, and after it. */
    private record Approved(boolean before, boolean after) {
    }

    /** Whether two decisions differ: in outcome, or in findings (rule, effect, subject, waived or not). */
    private static boolean differs(Decision before, Decision after) {
        return before.outcome() != after.outcome() || !keys(before).equals(keys(after));
    }

    private static Set<String> keys(Decision decision) {
        return decision.findings().stream()
                .map(f -> f.rule() + " " + f.effect() + f.subject().map(s -> " " + s).orElse("")
                        + (f.counts() ? "" : " (waived)"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
