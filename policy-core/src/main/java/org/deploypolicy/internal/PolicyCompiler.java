package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.deploypolicy.InvalidPolicyException;
import org.deploypolicy.PolicyId;
import org.deploypolicy.PolicyProblem;
import org.deploypolicy.PolicyRule;
import org.deploypolicy.rules.Settings;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.drl.parser.ParserError;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.PropertySpecificOption;
import org.kie.internal.io.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a policy: reads its settings (resolving {@code extends}), computes its version, compiles its rule
 * files into one knowledge base and switches off the {@code disabled} rules. Everything expensive or fallible
 * happens here, once; every problem is reported with its file, line and column.
 *
 * <p>Where the knowledge base comes from, fastest first: the executable model a classpath policy ships for exactly
 * its rule files; an executable model from the cache, if the caller gave one (compiled and stored there on a
 * miss); else the DRL compiler. DRL stays the reference: whenever the executable model cannot be had, the DRL is
 * compiled, and its errors, with their positions, are the ones reported.
 */
public final class PolicyCompiler {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyCompiler.class);
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int MAX_EXTENDS = 4;

    private PolicyCompiler() {
    }

    /**
     * A policy on the classpath, under {@code deploy-policy/<name>/}.
     *
     * @param cache where compiled rules are kept between builds, or null for none
     */
    public static Engine fromClasspath(String name, ClassLoader loader, Clock clock, Path cache) {
        Optional<RuleModel.ShippedPolicy> shipped = RuleModel.shipped(name, loader);
        return build(PolicyFiles.fromClasspath(name, loader, shipped.map(RuleModel.ShippedPolicy::files)), shipped,
                loader, clock, cache);
    }

    /**
     * A policy directory on disk.
     *
     * @param cache where compiled rules are kept between builds, or null for none
     */
    public static Engine fromDirectory(Path directory, ClassLoader loader, Clock clock, Path cache) {
        return build(PolicyFiles.fromDirectory(directory), Optional.empty(), loader, clock, cache);
    }

    /** Settings parsed from one {@code policy.yaml}, with where each key stands in it. */
    private record SettingsFile(PolicyFiles.SourceFile source, JsonNode tree, Map<String, JsonLocation> locations) {
        String file() {
            return source.path();
        }
    }

    /** A policy's own files and, with {@code extends}, those of the policies below it, prefixed by their names. */
    private record Layers(List<SettingsFile> settings, List<PolicyFiles.SourceFile> rules, Set<String> inherited) {
    }

    /**
     * Builds in stages (settings, rule files, {@code disabled}) and reports the problems of every stage together,
     * so that a rule author fixes them all in one round: a bad setting does not hide a rule that does not compile.
     */
    private static Engine build(PolicyFiles own, Optional<RuleModel.ShippedPolicy> shipped, ClassLoader loader,
                                Clock clock, Path cache) {
        Layers layers;
        try {
            layers = layers(own, loader);
        } catch (InvalidPolicyException e) {
            List<PolicyProblem> problems = new ArrayList<>(e.problems());
            withLibraryLoader(() -> {
                try {
                    compile(own.rules(), loader);
                } catch (InvalidPolicyException rules) {
                    problems.addAll(rules.problems());
                }
                return null;
            });
            throw new InvalidPolicyException(problems);
        }
        JsonNode merged = null;
        for (SettingsFile file : layers.settings()) {
            merged = merged == null ? file.tree() : merge(merged, file.tree());
        }
        ((ObjectNode) merged).remove("extends");
        List<PolicyProblem> problems = new ArrayList<>();
        SettingsReader reader = new SettingsReader();
        Settings settings = reader.read(merged);
        if (settings == null) {
            reader.issues().forEach(issue ->
                    problems.add(located(layers.settings(), issue.path(), issue.path() + ": " + issue.message())));
        }
        List<String> disabled = settings != null ? settings.disabled() : texts(merged.get("disabled"));
        String version = version(layers);
        // A shipped model is for its policy's files exactly: the version, which covers them all, says so.
        Optional<RuleModel> model = shipped.filter(s -> layers.settings().size() == 1 && s.version().equals(version))
                .map(RuleModel.ShippedPolicy::model);
        return withLibraryLoader(() -> {
            CompiledRules compiled;
            List<PolicyRule> kept;
            try {
                compiled = kieBase(layers.rules(), model, loader, cache);
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
                        settings, clock, (path, message) -> located(layers.settings(), path, message)));
            });
            return new Engine(kieBase, compiled.windowRules(kieBase), settings, new PolicyId(settings.name(), version),
                    describe, clock);
        });
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
     * A policy's knowledge base, and when it was built from a model, the model: a knowledge base of the window rules
     * alone, for the next-allowed search, is built from the same classes (from DRL, it would take compiling again).
     */
    private record CompiledRules(KieBase kieBase, Optional<RuleModel.Loaded> model) {
        CompiledRules(KieBase kieBase) {
            this(kieBase, Optional.empty());
        }

        static CompiledRules of(RuleModel.Loaded model) {
            return new CompiledRules(model.kieBase(), Optional.of(model));
        }

        /**
         * The rules of {@code kept} (the policy's, its disabled rules removed) under a window id; null without a
         * model, or without a window rule (the search then never runs).
         */
        KieBase windowRules(KieBase kept) {
            Set<String> windows = new HashSet<>();
            kept.getKiePackages().forEach(kiePackage -> kiePackage.getRules().stream()
                    .filter(Engine::isWindowRule)
                    .forEach(rule -> windows.add(kiePackage.getName() + '\n' + rule.getName())));
            if (windows.isEmpty()) {
                return null;
            }
            try {
                return model.map(m -> m.kieBase((pkg, name) -> windows.contains(pkg + '\n' + name))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                LOG.info("searching with every rule: the window rules alone do not build ({})", e.toString());
                return null;
            }
        }
    }

    /** The knowledge base of these rule files: from the shipped model if any, else from the cache, else from DRL. */
    private static CompiledRules kieBase(List<PolicyFiles.SourceFile> files, Optional<RuleModel> shipped, ClassLoader loader,
                                   Path cache) {
        if (shipped.isPresent()) {
            try {
                return CompiledRules.of(shipped.get().load(loader));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.info("compiling the rules: the shipped model does not load ({})", e.toString());
            }
        }
        Optional<String> key = cache == null ? Optional.empty()
                : RuleModelCache.key(RuleModel.rulesHash(files), loader);
        if (key.isEmpty()) {
            return new CompiledRules(compile(files, loader));
        }
        RuleModelCache models = new RuleModelCache(cache);
        Optional<RuleModel> cached = models.get(key.get());
        if (cached.isPresent()) {
            try {
                return CompiledRules.of(cached.get().load(loader));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.info("compiling the rules again: the cached model does not load ({})", e.toString());
                models.remove(key.get());
            }
        }
        if (!models.drlOnly(key.get())) {
            Optional<RuleModel> compiled;
            try {
                compiled = RuleModel.compile(files, loader, key.get().substring(0, 16));
            } catch (RuntimeException | LinkageError e) {
                LOG.info("compiling the rules as DRL: the executable model compiler failed ({})", e.toString());
                compiled = Optional.empty();
            }
            if (compiled.isPresent()) {
                try {
                    CompiledRules rules = CompiledRules.of(compiled.get().load(loader));
                    models.put(key.get(), compiled.get());
                    return rules;
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    LOG.info("compiling the rules as DRL: their executable model does not load ({})", e.toString());
                }
            }
        }
        KieBase kieBase = compile(files, loader);
        models.markDrlOnly(key.get());
        return new CompiledRules(kieBase);
    }

    private static Layers layers(PolicyFiles own, ClassLoader loader) {
        List<SettingsFile> settings = new ArrayList<>();
        List<PolicyFiles.SourceFile> rules = new ArrayList<>(own.rules());
        Set<String> inherited = new HashSet<>();
        PolicyFiles current = own;
        String prefix = "";
        for (int depth = 0; ; depth++) {
            SettingsFile file = parse(prefix + PolicyFiles.SETTINGS, current.settings().bytes());
            settings.add(0, file);
            JsonNode parent = file.tree().get("extends");
            if (parent == null || parent.isNull()) {
                break;
            }
            if (!parent.isTextual() || parent.textValue().isBlank() || depth == MAX_EXTENDS) {
                throw new InvalidPolicyException(List.of(located(List.of(file), "extends", "extends: "
                        + (depth == MAX_EXTENDS ? "more than " + MAX_EXTENDS + " policies extend each other"
                        : "must name a policy on the classpath, like reference"))));
            }
            if (loader.getResource(PolicyFiles.CLASSPATH_ROOT + parent.textValue() + "/" + PolicyFiles.SETTINGS) == null) {
                throw new InvalidPolicyException(List.of(located(List.of(file), "extends", "extends: no policy named \""
                        + parent.textValue() + "\" on the classpath")));
            }
            current = PolicyFiles.fromClasspath(parent.textValue(), loader,
                    RuleModel.shipped(parent.textValue(), loader).map(RuleModel.ShippedPolicy::files));
            prefix = prefix + parent.textValue() + "/";
            for (PolicyFiles.SourceFile rule : current.rules()) {
                PolicyFiles.SourceFile renamed = new PolicyFiles.SourceFile(prefix + rule.path(), rule.bytes());
                rules.add(renamed);
                inherited.add(renamed.path());
            }
        }
        rules.sort(Comparator.comparing(PolicyFiles.SourceFile::path));
        return new Layers(settings, rules, inherited);
    }

    private static SettingsFile parse(String file, byte[] bytes) {
        String text;
        try {
            text = JsonText.decode(bytes);
        } catch (JsonText.Unreadable e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem(file, null, null, e.getMessage())));
        }
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                locations.putIfAbsent(StrictReader.path(parser.getParsingContext(), ""), parser.currentTokenLocation());
            }
            JsonNode tree = YAML.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new InvalidPolicyException(List.of(new PolicyProblem(file, null, null,
                        "must be a map of settings (name, zone, branches, windows, ...)")));
            }
            return new SettingsFile(new PolicyFiles.SourceFile(file, bytes), tree, locations);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String key = e.getProcessor() instanceof JsonParser parser
                    ? StrictReader.path(parser.getParsingContext(), "") : "";
            throw new InvalidPolicyException(List.of(new PolicyProblem(file,
                    at == null ? null : OptionalInt.of(at.getLineNr()),
                    at == null ? null : OptionalInt.of(at.getColumnNr()),
                    key.isEmpty() ? JsonText.what(e) : key + ": " + JsonText.what(e))));
        } catch (IOException e) {
            throw new IllegalStateException("reading settings from memory", e);
        }
    }

    /** A problem at a settings key, placed in the topmost file that has the key (else the policy's own file). */
    private static PolicyProblem located(List<SettingsFile> files, String path, String message) {
        for (int i = files.size() - 1; i >= 0; i--) {
            JsonLocation at = files.get(i).locations().get(path);
            if (at != null) {
                return new PolicyProblem(files.get(i).file(), OptionalInt.of(at.getLineNr()),
                        OptionalInt.of(at.getColumnNr()), message);
            }
        }
        return new PolicyProblem(files.get(files.size() - 1).file(), null, null, message);
    }

    /** Maps merge by key; anything else (a list, a value) replaces what it overrides. */
    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (!(base instanceof ObjectNode baseObject) || !(override instanceof ObjectNode overrideObject)) {
            return override;
        }
        ObjectNode merged = baseObject.deepCopy();
        overrideObject.properties().forEach(field ->
                merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue())));
        return merged;
    }

    /**
     * {@code sha256:} over every settings and rule file in path order, each as its path, a newline and its bytes
     * with line endings made {@code \n}. Inherited files count under their policy's name ({@code reference/...}).
     */
    private static String version(Layers layers) {
        List<PolicyFiles.SourceFile> files = new ArrayList<>(layers.rules());
        layers.settings().forEach(file -> files.add(file.source()));
        return version(files);
    }

    /** The version of a policy that extends none: its settings and its rules. */
    static String version(PolicyFiles policy) {
        List<PolicyFiles.SourceFile> files = new ArrayList<>(policy.rules());
        files.add(policy.settings());
        return version(files);
    }

    private static String version(List<PolicyFiles.SourceFile> files) {
        files.sort(Comparator.comparing(PolicyFiles.SourceFile::path));
        MessageDigest digest = Sha256.digest();
        for (PolicyFiles.SourceFile file : files) {
            digest.update(file.path().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(new String(file.bytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.named(digest);
    }

    /**
     * How every policy's rules are built, from DRL or to and from the executable model, so facts behave the same
     * either way: facts are never modified once inserted, so property reactivity buys nothing; off, it also stops
     * Drools warning about constraints that read another pattern's variable.
     */
    static KnowledgeBuilderConfiguration builderConfiguration(ClassLoader loader) {
        KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, loader);
        configuration.setOption(PropertySpecificOption.ALLOWED);
        return configuration;
    }

    /** A rule file as Drools reads it, named by its path (which compiler errors and rules report). */
    static Resource drlResource(String path, byte[] bytes) {
        Resource resource = ResourceFactory.newByteArrayResource(bytes);
        resource.setSourcePath(path);
        resource.setResourceType(ResourceType.DRL);
        return resource;
    }

    static KieBase compile(List<PolicyFiles.SourceFile> files, ClassLoader loader) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(builderConfiguration(loader));
        for (PolicyFiles.SourceFile file : files) {
            builder.add(drlResource(file.path(), file.bytes()), ResourceType.DRL);
        }
        if (builder.hasErrors()) {
            List<PolicyProblem> problems = new ArrayList<>();
            for (KnowledgeBuilderError error : builder.getErrors()) {
                problems.add(problem(error));
            }
            throw new InvalidPolicyException(withoutEchoes(problems));
        }
        return builder.newKieBase();
    }

    /** A compiler error with its position as the compiler reports it (lines from 1, columns from 0). */
    private static PolicyProblem problem(KnowledgeBuilderError error) {
        String file = error.getResource() == null || error.getResource().getSourcePath() == null ? "(rules)"
                : error.getResource().getSourcePath();
        OptionalInt line = OptionalInt.empty();
        OptionalInt column = OptionalInt.empty();
        if (error instanceof ParserError parser) {
            line = at(parser.getRow(), 1);
            column = at(parser.getCol(), 0);
        } else if (error instanceof DescrBuildError build) {
            line = at(build.getLine(), 1);
            column = at(build.getColumn(), 0);
        } else if (error.getLines() != null && error.getLines().length > 0) {
            line = at(error.getLines()[0], 1);
        }
        return new PolicyProblem(file, line, column, error.getMessage().strip() + oldVocabularyHint(error.getMessage()));
    }

    /**
     * What to write instead, when a rule still reports the old way, passing its own context
     * ({@code findings.block(drools, "...")}): the engine now knows which rule fires.
     */
    private static String oldVocabularyHint(String message) {
        boolean findings = message.contains("Findings");
        boolean context = message.contains("KnowledgeHelper") || message.contains("RuleContext")
                || message.contains("Drools") || message.contains("drools");
        return findings && context ? "\n  rules report without their context now: write findings.block(\"...\") "
                + "(or require, advise, obligation, requireRole, discount), not findings.block(drools, \"...\")" : "";
    }

    private static OptionalInt at(int value, int first) {
        return value >= first ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /**
     * Leaves out a file's problems without a position when the same file has one with a position: the parser's
     * "null package" after a syntax error only echoes the error that caused it.
     */
    private static List<PolicyProblem> withoutEchoes(List<PolicyProblem> problems) {
        Set<String> located = new HashSet<>();
        problems.stream().filter(p -> p.line().isPresent()).forEach(p -> located.add(p.file()));
        return problems.stream().filter(p -> p.line().isPresent() || !located.contains(p.file())).toList();
    }

    /**
     * The {@code disabled} ids that no candidate rule file even mentions as {@code @id("...")}: what can still be
     * said of {@code disabled} when the rules do not compile (a broken file's ids are not known to the compiler, so
     * only an id found nowhere is reported).
     */
    private static List<PolicyProblem> unknownIdsInText(List<String> disabled, Layers layers) {
        boolean extending = !layers.inherited().isEmpty() || layers.settings().size() > 1;
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
    private static List<PolicyRule> disable(KieBase kieBase, List<String> disabled, Layers layers) {
        Set<String> unused = new HashSet<>(disabled);
        unused.remove(null);
        boolean extending = !layers.inherited().isEmpty() || layers.settings().size() > 1;
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

    private static PolicyProblem unknownId(Layers layers, int index, String id, boolean extending) {
        String path = StrictReader.index("disabled", index);
        return located(layers.settings(), path, path + ": no " + (extending ? "inherited " : "") + "rule has the id \""
                + id + "\"");
    }

    static PolicyRule describe(Rule rule) {
        Object id = rule.getMetaData().get("id");
        Resource resource = rule instanceof RuleImpl impl ? impl.getResource() : null;
        return new PolicyRule(id instanceof String text ? text : null, rule.getName(),
                resource == null ? null : resource.getSourcePath(), Set.of());
    }
}
