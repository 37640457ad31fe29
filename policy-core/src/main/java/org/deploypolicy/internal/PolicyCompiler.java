package org.deploypolicy.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.rules.Settings;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a policy, each job in its own place: the settings in layers ({@link SettingsLayers}, resolving
 * {@code extends}), read strictly ({@link SettingsReader}); the version ({@link PolicyVersion}); a knowledge base
 * for the rule files ({@link RuleBase}: a shipped or cached executable model, else DRL through {@link DrlCompiler});
 * then the {@code disabled} rules switched off. Everything expensive or fallible happens here, once, and the
 * problems of every stage are reported together, each with its file, line and column.
 */
final class PolicyCompiler {
    /** Where the compile path says which way it took, and why. */
    static final Logger LOG = LoggerFactory.getLogger(PolicyCompiler.class);

    private PolicyCompiler() {
    }

    /**
     * A policy on the classpath, under {@code deploy-policy/<name>/}.
     *
     * @param cache where compiled rules are kept between builds, or null for none
     */
    static Engine fromClasspath(String name, ClassLoader loader, Clock clock, Path cache) {
        Optional<RuleModel.ShippedPolicy> shipped = RuleModel.shipped(name, loader);
        return build(PolicyFiles.fromClasspath(name, loader, shipped.map(RuleModel.ShippedPolicy::files)), shipped,
                loader, clock, cache);
    }

    /**
     * A policy directory on disk.
     *
     * @param cache where compiled rules are kept between builds, or null for none
     */
    static Engine fromDirectory(Path directory, ClassLoader loader, Clock clock, Path cache) {
        return build(PolicyFiles.fromDirectory(directory), Optional.empty(), loader, clock, cache);
    }

    /**
     * Builds in stages (settings, rule files, {@code disabled}) and reports the problems of every stage together,
     * so that a rule author fixes them all in one round: a bad setting does not hide a rule that does not compile.
     */
    private static Engine build(PolicyFiles own, Optional<RuleModel.ShippedPolicy> shipped, ClassLoader loader,
                                Clock clock, Path cache) {
        SettingsLayers layers;
        try {
            layers = SettingsLayers.read(own, loader);
        } catch (InvalidPolicyException e) {
            List<PolicyProblem> problems = new ArrayList<>(e.problems());
            withLibraryLoader(() -> {
                try {
                    DrlCompiler.compile(own.rules(), loader);
                } catch (InvalidPolicyException rules) {
                    problems.addAll(rules.problems());
                }
                return null;
            });
            throw new InvalidPolicyException(problems);
        }
        JsonNode merged = layers.merged();
        List<PolicyProblem> problems = new ArrayList<>();
        SettingsReader reader = new SettingsReader();
        Settings settings = reader.read(merged);
        if (settings == null) {
            reader.issues().forEach(issue ->
                    problems.add(layers.located(issue.path(), issue.path() + ": " + issue.message())));
        }
        CalendarFiles.Read calendars = settings == null ? null : CalendarFiles.read(layers, settings);
        if (calendars != null) {
            problems.addAll(calendars.problems());
        }
        List<RuleText.Source> sources = RuleText.of(layers.rules());
        if (settings != null) {
            problems.addAll(NamedReads.check(sources, settings.params(), reader.attributes()));
        }
        problems.addAll(TypedComparisons.check(sources));
        problems.addAll(RequirementLiterals.check(sources));
        List<String> disabled = settings != null ? settings.disabled() : texts(merged.get("disabled"));
        String version = PolicyVersion.of(layers, merged);
        // A shipped model is for its policy's files exactly: the version, which covers them all, says so.
        Optional<RuleModel> model = shipped.filter(s -> layers.settings().size() == 1 && s.version().equals(version))
                .map(RuleModel.ShippedPolicy::model);
        return withLibraryLoader(() -> {
            CompiledRules compiled;
            List<PolicyRule> kept;
            try {
                compiled = RuleBase.of(model, loader, cache).of(layers.rules()).orElseThrow();
            } catch (InvalidPolicyException e) {
                problems.addAll(e.problems());
                problems.addAll(unknownIdsInText(disabled, layers));
                throw new InvalidPolicyException(problems);
            }
            try {
                kept = disable(compiled.kieBase(), disabled, layers);
            } catch (InvalidPolicyException e) {
                problems.addAll(e.problems());
                throw new InvalidPolicyException(problems);
            }
            problems.addAll(reportingWithoutIds(kept, layers));
            if (settings != null) {
                problems.addAll(WindowEdges.check(compiled.kieBase(), settings.params(), layers.rules()));
            }
            if (!problems.isEmpty()) {
                throw new InvalidPolicyException(problems);
            }
            KieBase kieBase = compiled.kieBase();
            Supplier<Engine.Description> describe = () -> withLibraryLoader(() -> {
                RuleDeclarations declarations = RuleDeclarations.of(layers.rules());
                List<PolicyRule> rules = kept.stream()
                        .map(rule -> new PolicyRule(rule.id(), rule.name(), rule.file(),
                                declarations.find(rule.file(), rule.name())
                                        .map(RuleDeclarations.Declaration::effects).orElse(Set.of())))
                        .toList();
                return new Engine.Description(rules, PolicyLint.warnings(rules, declarations, layers.inherited(),
                        settings, clock, layers::located, calendars.bySource()), RoleNames.of(layers.rules(), settings),
                        layers);
            });
            return new Engine(kieBase, compiled.windowRules(kieBase), settings, calendars.series(), reader.attributes(),
                    new PolicyId(settings.name(), version), describe, clock, layers.inOrder());
        });
    }

    /**
     * A rule without an {@code @id} that reports through {@code findings}: its findings could carry no id, so every
     * evaluation it fires in would fail. The rule files are parsed only when some rule has no id.
     */
    private static List<PolicyProblem> reportingWithoutIds(List<PolicyRule> kept, SettingsLayers layers) {
        if (kept.stream().allMatch(rule -> rule.id() != null)) {
            return List.of();
        }
        RuleDeclarations declarations = RuleDeclarations.of(layers.rules());
        List<PolicyProblem> problems = new ArrayList<>();
        for (PolicyRule rule : kept) {
            Optional<RuleDeclarations.Declaration> declared = rule.id() != null ? Optional.empty()
                    : declarations.find(rule.file(), rule.name());
            declared.filter(RuleDeclarations.Declaration::reports).ifPresent(at -> problems.add(new PolicyProblem(
                    rule.file(), OptionalInt.of(at.line()), OptionalInt.of(at.column()), "rule \"" + rule.name()
                    + "\" reports through findings but has no @id; add @id(\"area.name\") under its name, so that "
                    + "each finding it reports says which rule it comes from")));
        }
        return problems;
    }

    /** The texts of a list in settings that did not read, so that {@code disabled} is still checked. */
    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(item -> texts.add(item.isTextual() ? item.textValue() : null));
        }
        return texts;
    }

    /**
     * Runs Drools with the library's own loader as the thread's context loader: {@code KieServices} remembers the
     * loader it is first called under, for the life of the JVM.
     */
    static <T> T withLibraryLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PolicyCompiler.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The {@code disabled} ids that no candidate rule file even mentions as {@code @id("...")}: what can still be
     * said of {@code disabled} when the rules do not compile (a broken file's ids are not known to the compiler, so
     * only an id found nowhere is reported).
     */
    private static List<PolicyProblem> unknownIdsInText(List<String> disabled, SettingsLayers layers) {
        boolean extending = layers.extending();
        StringBuilder texts = new StringBuilder();
        for (PolicyFiles.SourceFile file : layers.rules()) {
            if (!extending || layers.inherited().contains(file.path())) {
                texts.append(new String(file.bytes(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        List<PolicyProblem> problems = new ArrayList<>();
        for (int i = 0; i < disabled.size(); i++) {
            String id = disabled.get(i);
            if (id != null && !Pattern.compile("@id\\s*\\(\\s*\"" + Pattern.quote(id) + "\"\\s*\\)").matcher(texts).find()) {
                problems.add(unknownId(layers, i, id, extending));
            }
        }
        return problems;
    }

    /**
     * Removes the rules whose ids {@code disabled} names: with {@code extends}, only inherited ones (a policy's
     * own rule with that id replaces the inherited rule); without it, any. Returns the rules that remain.
     */
    private static List<PolicyRule> disable(KieBase kieBase, List<String> disabled, SettingsLayers layers) {
        Set<String> unused = new HashSet<>(disabled);
        unused.remove(null);
        boolean extending = layers.extending();
        List<PolicyRule> kept = new ArrayList<>();
        for (KiePackage kiePackage : List.copyOf(kieBase.getKiePackages())) {
            for (Rule rule : List.copyOf(kiePackage.getRules())) {
                PolicyRule info = describe(rule);
                boolean candidate = !extending || layers.inherited().contains(info.file());
                if (info.id() != null && candidate && disabled.contains(info.id())) {
                    unused.remove(info.id());
                    kieBase.removeRule(kiePackage.getName(), rule.getName());
                } else {
                    kept.add(info);
                }
            }
        }
        if (!unused.isEmpty()) {
            List<PolicyProblem> problems = new ArrayList<>();
            for (int i = 0; i < disabled.size(); i++) {
                String id = disabled.get(i);
                if (unused.contains(id)) {
                    problems.add(unknownId(layers, i, id, extending));
                }
            }
            throw new InvalidPolicyException(problems);
        }
        kept.sort(Comparator.comparing(PolicyRule::file).thenComparing(PolicyRule::name));
        return List.copyOf(kept);
    }

    private static PolicyProblem unknownId(SettingsLayers layers, int index, String id, boolean extending) {
        String path = StrictReader.index("disabled", index);
        return layers.located(path, path + ": no " + (extending ? "inherited " : "") + "rule has the id \""
                + id + "\"");
    }

    static PolicyRule describe(Rule rule) {
        Object id = rule.getMetaData().get("id");
        Resource resource = rule instanceof RuleImpl impl ? impl.getResource() : null;
        return new PolicyRule(id instanceof String text ? text : null, rule.getName(),
                resource == null ? null : resource.getSourcePath(), Set.of());
    }
}
