package org.deploypolicy.internal;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.rules.Values;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * The times of day at which window rules declare that their windows change: {@code @window("16:00", "20:30")}, each
 * value a local time {@code HH:MM} or the name of a {@code params} text holding one ({@code @window("lateFrom")}
 * with {@code params.lateFrom: "16:00"}). A plain {@code @window} declares none. Read from the compiled rule's
 * metadata, which holds {@code "16:00", "20:30"} for two values and {@code 16:00} for one, compiled from DRL and to
 * the executable model alike. The next-allowed search tries each declared edge on every day; {@code verify} checks
 * that a window rule's findings change at no other time of day than those it declares (besides midnight and the
 * settings' own times).
 */
final class WindowEdges {
    /** A local time as a window edge is written. */
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern PARAM_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** Every declared edge, in order, and the edges declared under each rule id. */
    private final LocalTime[] all;
    private final Map<String, Set<LocalTime>> byId = new HashMap<>();

    private WindowEdges(LocalTime[] all) {
        this.all = all;
    }

    /** The edges the window rules of a knowledge base declare; a value that is no edge is left out (see {@link #check}). */
    static WindowEdges of(KieBase kieBase, Values params) {
        TreeSet<LocalTime> all = new TreeSet<>();
        Map<String, Set<LocalTime>> byId = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                if (!Engine.isWindowRule(rule)) {
                    continue;
                }
                Set<LocalTime> declared = new TreeSet<>();
                for (String value : values(rule)) {
                    LocalTime edge = edge(value, params);
                    if (edge != null) {
                        declared.add(edge);
                    }
                }
                all.addAll(declared);
                if (rule.getMetaData().get("id") instanceof String id) {
                    byId.computeIfAbsent(id, k -> new TreeSet<>()).addAll(declared);
                }
            }
        }
        WindowEdges edges = new WindowEdges(all.toArray(LocalTime[]::new));
        edges.byId.putAll(byId);
        return edges;
    }

    /** Every declared edge, earliest first. */
    LocalTime[] all() {
        return all;
    }

    /** The edges the window rules with this id declare (none for another rule). */
    Set<LocalTime> of(String ruleId) {
        return byId.getOrDefault(ruleId, Set.of());
    }

    /**
     * A problem at each window rule's declaration for each value of its {@code @window} that is no edge: neither
     * {@code HH:MM} nor the name of a {@code params} text that is. The rule files are parsed for lines only when
     * there is a problem.
     */
    static List<PolicyProblem> check(KieBase kieBase, Values params, List<PolicyFiles.SourceFile> files) {
        List<PolicyProblem> problems = new ArrayList<>();
        RuleDeclarations declarations = null;
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                if (!Engine.isWindowRule(rule)) {
                    continue;
                }
                for (String value : values(rule)) {
                    String problem = problem(value, params);
                    if (problem == null) {
                        continue;
                    }
                    if (declarations == null) {
                        declarations = RuleDeclarations.of(files);
                    }
                    PolicyRule described = PolicyCompiler.describe(rule);
                    String message = "rule \"" + rule.getName() + "\": @window(\"" + value + "\") " + problem;
                    problems.add(declarations.find(described.file(), rule.getName())
                            .map(at -> new PolicyProblem(described.file(), OptionalInt.of(at.line()),
                                    OptionalInt.of(at.column()), message))
                            .orElseGet(() -> new PolicyProblem(described.file() == null ? "(rules)" : described.file(),
                                    null, null, message)));
                }
            }
        }
        return problems;
    }

    /** The values of a rule's {@code @window}, unquoted: none for a plain {@code @window}. */
    private static List<String> values(Rule rule) {
        Object metadata = rule.getMetaData().get(Engine.WINDOW);
        List<String> values = new ArrayList<>();
        if (!(metadata instanceof String text) || text.isBlank()) {
            return values;
        }
        for (String part : text.split(",", -1)) {
            String value = part.strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).strip();
            }
            values.add(value);
        }
        return values;
    }

    /** The time a value names, or null when it names none. */
    private static LocalTime edge(String value, Values params) {
        if (HH_MM.matcher(value).matches()) {
            return LocalTime.parse(value);
        }
        if (PARAM_NAME.matcher(value).matches() && params.has(value) && params.get(value) instanceof String text
                && HH_MM.matcher(text).matches()) {
            return LocalTime.parse(text);
        }
        return null;
    }

    /** Why a value is no edge, or null when it is one. */
    private static String problem(String value, Values params) {
        if (edge(value, params) != null) {
            return null;
        }
        if (!PARAM_NAME.matcher(value).matches()) {
            return "is no time of day: write each edge as HH:MM (00:00 to 23:59), like @window(\"16:00\", \"20:30\"), "
                    + "or as the name of a params text holding one";
        }
        if (!params.has(value)) {
            return "names no time of day and no params defines \"" + value + "\"" + (params.names().isEmpty()
                    ? " (policy.yaml defines no params)" : " (policy.yaml defines " + String.join(", ", params.names()) + ")");
        }
        return "names params." + value + ", which holds " + params.get(value) + ", not a time of day HH:MM in quotes "
                + "(like " + value + ": \"16:00\")";
    }
}
