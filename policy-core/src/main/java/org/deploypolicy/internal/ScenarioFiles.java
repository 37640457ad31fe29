package org.deploypolicy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.Decision;
import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.Effect;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.Outcome;
import org.deploypolicy.PolicyException;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRequest;
import org.deploypolicy.RequestProblem;
import org.deploypolicy.Scenario;
import org.deploypolicy.ScenarioResult;

/**
 * Reads scenario files (docs/contract.md "Scenario files") and checks a scenario against a policy's decision,
 * describing a failure as what it wanted beside what it got.
 */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    /** What a scenario wants, read strictly. */
    private record Want(Outcome outcome, Set<String> findings, Set<String> obligations, OffsetDateTime nextAt,
                        OffsetDateTime nextPreferredAt, String error, Set<String> paths) {
    }

    static List<Scenario> read(Path fileOrDirectory) {
        List<Path> files;
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
                files = walk.filter(Files::isRegularFile)
                        .filter(p -> isScenarioFile(p.toString()))
                        .sorted(Comparator.comparing(Path::toString))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read scenarios under " + fileOrDirectory, e);
            }
        } else {
            files = List.of(fileOrDirectory);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            scenarios.addAll(readFile(file, Files.isDirectory(fileOrDirectory) ? name(fileOrDirectory, file)
                    : file.toString()));
        }
        return scenarios;
    }

    /** A file under a directory, named from the directory's own name: {@code scenarios/windows.yaml}. */
    private static String name(Path directory, Path file) {
        Path base = directory.toAbsolutePath().normalize();
        Path named = base.getFileName() == null ? base.relativize(file.toAbsolutePath().normalize())
                : base.getParent().relativize(file.toAbsolutePath().normalize());
        return named.toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Reads a scenario file, YAML or JSON (which YAML reads as well): anchors, aliases and merge keys
     * ({@code <<: *release}) let scenarios share a request, and times stay text for the request reader.
     */
    private static List<Scenario> readFile(Path path, String file) {
        try {
            return read(file, Files.readAllBytes(path));
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem(file, null, null, "cannot read: " + e.getMessage())));
        }
    }

    /** The scenarios of a file's bytes (a scenario file shipped with a classpath policy, say). */
    static List<Scenario> read(String file, byte[] bytes) {
        YamlText.Document yaml = YamlText.read(file, bytes);
        JsonNode root = yaml.tree();
        List<Scenario> scenarios = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                scenarios.add(scenario(yaml, root.get(i), StrictReader.index("", i)));
            }
        } else {
            scenarios.add(scenario(yaml, root, ""));
        }
        return scenarios;
    }

    private static Scenario scenario(YamlText.Document yaml, JsonNode node, String path) {
        StrictReader in = new StrictReader();
        StrictReader.Obj o = in.object(node, path, "note", "request", "at", "want");
        String note = null;
        OffsetDateTime at = null;
        JsonNode request = null;
        Want want = null;
        if (o != null) {
            note = o.text("note");
            at = o.time("at");
            request = o.get("request");
            if (note == null) {
                in.problem(o.path("note"), "required: what the scenario shows");
            }
            if (request == null) {
                in.problem(o.path("request"), "required: the request to decide");
            }
            want = want(in, o);
        }
        if (!in.issues().isEmpty()) {
            throw new InvalidPolicyException(in.issues().stream()
                    .map(issue -> yaml.problem(issue.path(), issue.path() + ": " + issue.message()))
                    .toList());
        }
        JsonNode requestTree = request;
        OffsetDateTime when = at;
        Want wanted = want;
        Supplier<PolicyRequest> reader = () -> {
            PolicyRequest read = JsonMapping.readRequest(requestTree);
            return when == null ? read : read.withAt(when);
        };
        Scenario[] self = new Scenario[1];
        Function<DeploymentPolicy, ScenarioResult> check = policy -> {
            List<String> difference = check(policy, reader, wanted);
            return new ScenarioResult(self[0], difference.isEmpty(), String.join("\n", difference));
        };
        self[0] = new Scenario(yaml.file(), note, reader, check);
        return self[0];
    }

    private static Want want(StrictReader in, StrictReader.Obj parent) {
        StrictReader.Obj o = parent.object("want", "outcome", "findings", "obligations", "nextAllowed", "error", "paths");
        if (o == null) {
            in.problem(parent.path("want"), "required: the outcome and findings, or the error, it must get");
            return null;
        }
        String error = o.text("error");
        if (error != null) {
            List<String> paths = o.list("paths", in::text);
            return new Want(null, null, null, null, null, error, paths == null ? null : new TreeSet<>(paths));
        }
        Outcome outcome = o.enumValue("outcome", Outcome.class);
        if (outcome == null && !o.has("outcome")) {
            in.problem(o.path("outcome"), "required: APPROVED, PENDING or REJECTED (or an error)");
        }
        List<String> findings = o.list("findings", (node, path) -> {
            StrictReader.Obj f = in.object(node, path, "rule", "effect", "subject");
            if (f == null) {
                return null;
            }
            Effect effect = f.enumValue("effect", Effect.class);
            return finding(f.text("rule"), effect == null ? null : effect.name(), f.text("subject"));
        });
        if (findings == null && !o.has("findings")) {
            in.problem(o.path("findings"), "required: the exact list of findings ([] for none)");
        }
        List<String> obligations = o.list("obligations", (node, path) -> {
            StrictReader.Obj ob = in.object(node, path, "rule", "due");
            return ob == null ? null : obligation(ob.text("rule"), ob.time("due"));
        });
        StrictReader.Obj next = o.object("nextAllowed", "at", "preferredAt");
        return new Want(outcome, findings == null ? null : new TreeSet<>(findings),
                obligations == null ? null : new TreeSet<>(obligations),
                next == null ? null : next.time("at"), next == null ? null : next.time("preferredAt"), null, null);
    }

    private static String finding(String rule, String effect, String subject) {
        return rule + " " + effect + (subject == null ? "" : " " + subject);
    }

    private static String obligation(String rule, OffsetDateTime due) {
        return rule + (due == null ? "" : " due " + due.toInstant());
    }

    private static List<String> check(DeploymentPolicy policy, Supplier<PolicyRequest> request, Want want) {
        List<String> difference = new ArrayList<>();
        Decision decision;
        try {
            decision = policy.evaluate(request.get());
        } catch (PolicyException e) {
            if (want.error() == null) {
                difference.add("want " + want.outcome() + ", got " + e.code() + ":");
                e.problems().forEach(p -> difference.add("  " + p.describe()));
                return difference;
            }
            if (!want.error().equals(e.code())) {
                difference.add("want error " + want.error() + ", got " + e.code() + ": " + e.getMessage());
            } else if (want.paths() != null) {
                Set<String> paths = e.problems().stream().filter(RequestProblem.class::isInstance)
                        .map(p -> ((RequestProblem) p).path()).collect(Collectors.toCollection(TreeSet::new));
                compare("paths", want.paths(), paths, difference);
            }
            return difference;
        }
        if (want.error() != null) {
            difference.add("want error " + want.error() + ", got a decision: " + decision.outcome());
            return difference;
        }
        if (decision.outcome() != want.outcome()) {
            difference.add("outcome: want " + want.outcome() + ", got " + decision.outcome());
        }
        compare("findings", want.findings(), decision.findings().stream()
                .map(f -> finding(f.rule(), f.effect().name(), f.subject().orElse(null)))
                .collect(Collectors.toCollection(TreeSet::new)), difference);
        if (want.obligations() != null) {
            compare("obligations", want.obligations(), decision.obligations().stream()
                    .map(o -> obligation(o.rule(), o.due().orElse(null)))
                    .collect(Collectors.toCollection(TreeSet::new)), difference);
        }
        if (want.nextAt() != null) {
            String got = decision.nextAllowed().map(n -> n.at().toString()).orElse("none");
            if (decision.nextAllowed().map(n -> !n.at().isEqual(want.nextAt())).orElse(true)) {
                difference.add("nextAllowed.at: want " + want.nextAt() + ", got " + got);
            }
            if (want.nextPreferredAt() != null && decision.nextAllowed().flatMap(n -> n.preferredAt())
                    .map(p -> !p.isEqual(want.nextPreferredAt())).orElse(true)) {
                difference.add("nextAllowed.preferredAt: want " + want.nextPreferredAt() + ", got "
                        + decision.nextAllowed().flatMap(n -> n.preferredAt()).map(Objects::toString).orElse("none"));
            }
        }
        return difference;
    }

    /** Two sets side by side: what was wanted, what was got; {@code -} marks missing, {@code +} unexpected. */
    private static void compare(String what, Set<String> want, Set<String> got, List<String> difference) {
        if (want.equals(got)) {
            return;
        }
        Set<String> all = new TreeSet<>(want);
        all.addAll(got);
        int width = Math.max(6, all.stream().mapToInt(String::length).max().orElse(0) + 2);
        difference.add(what + ":");
        difference.add(String.format("    %-" + width + "s%s", "want", "got"));
        for (String line : all) {
            String mark = want.contains(line) && got.contains(line) ? " " : want.contains(line) ? "-" : "+";
            difference.add(String.format("  %s %-" + width + "s%s", mark, want.contains(line) ? line : "",
                    got.contains(line) ? line : ""));
        }
    }

    /** Whether a file is read as scenarios: YAML or JSON. */
    static boolean isScenarioFile(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json");
    }
}
