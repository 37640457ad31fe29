package org.deploypolicy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.codegen.common.GeneratedFile;
import org.drools.compiler.builder.impl.KnowledgeBuilderConfigurationImpl;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.model.EntryPoint;
import org.drools.model.Global;
import org.drools.model.Model;
import org.drools.model.Query;
import org.drools.model.TypeMetaData;
import org.drools.model.codegen.execmodel.ModelBuilderImpl;
import org.drools.model.codegen.execmodel.PackageSources;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.memorycompiler.CompilationResult;
import org.kie.memorycompiler.JavaCompiler;
import org.kie.memorycompiler.JavaCompilerFactory;
import org.kie.memorycompiler.JavaConfiguration;
import org.kie.memorycompiler.resources.MemoryResourceReader;
import org.kie.memorycompiler.resources.MemoryResourceStore;
import org.kie.util.maven.support.ReleaseIdImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy's rule files compiled to Drools' executable model: Java classes that describe the rules, from which a
 * knowledge base is built without the DRL parser, MVEL or a Java compiler. In a fresh JVM those three are most
 * of what building a policy costs; loading the classes instead takes a fraction of it. The reference policy ships
 * its model in its jar ({@link #writeShipped}); other policies keep theirs in a {@link RuleModelCache}.
 *
 * <p>A model records which file each rule came from, since the executable model itself does not keep rule files,
 * and what it was compiled for: a cache entry its key, a shipped model its policy's files and version. Compiling
 * DRL stays the reference: when this compiler reports a problem, the caller compiles the DRL to report it with its
 * position (or to use the DRL knowledge base, should a construct be beyond the executable model).
 */
final class RuleModel {
    private static final Logger LOG = LoggerFactory.getLogger(RuleModel.class);
    /** Changes whenever what a model stores or how it is read changes; part of every key. */
    static final int FORMAT = 1;
    /** Class files for the oldest JDK the library runs on, whatever JDK compiles them. */
    private static final String JAVA_LEVEL = "17";
    private static final String INDEX = "deploy-policy-model.properties";
    private static volatile String droolsVersion;

    /** Where a rule came from: its package, its name and its file. */
    record RuleSource(String pkg, String name, String file) {
    }

    /**
     * What a jar ships for a classpath policy ({@link #writeShipped}): the policy's files, its version when it was
     * compiled, and its rules compiled. The model is for the policy only while its version is still that.
     */
    record ShippedPolicy(List<String> files, String version, RuleModel model) {
    }

    private final List<String> models;
    private final List<RuleSource> sources;
    private final Map<String, byte[]> classes;
    private final String cacheKey;

    private RuleModel(List<String> models, List<RuleSource> sources, Map<String, byte[]> classes, String cacheKey) {
        this.models = List.copyOf(models);
        this.sources = List.copyOf(sources);
        this.classes = classes;
        this.cacheKey = cacheKey;
    }

    /** The key a cache stored the model under ({@link #toBytes}); null for a model not read from a cache. */
    String cacheKey() {
        return cacheKey;
    }

    /**
     * {@code sha256:} over each rule file's path and bytes, in the given order: which rules these are, whatever the
     * settings. Unlike the policy's version it leaves out {@code policy.yaml}, which the compiled rules do not
     * depend on.
     */
    static String rulesHash(List<PolicyFiles.SourceFile> files) {
        MessageDigest digest = Sha256.digest();
        for (PolicyFiles.SourceFile file : files) {
            byte[] path = file.path().getBytes(StandardCharsets.UTF_8);
            digest.update(intBytes(path.length));
            digest.update(path);
            digest.update(intBytes(file.bytes().length));
            digest.update(file.bytes());
        }
        return Sha256.named(digest);
    }

    /**
     * Compiles rule files to the executable model, the generated classes named after {@code id}, or returns
     * empty when this compiler reports any problem.
     */
    static Optional<RuleModel> compile(List<PolicyFiles.SourceFile> files, ClassLoader loader, String id) {
        KnowledgeBuilderConfiguration configuration = DrlCompiler.builderConfiguration(loader);
        ReleaseId release = new ReleaseIdImpl("org.deploypolicy.rules", "model", "1." + id);
        ModelBuilderImpl<PackageSources> builder = new ModelBuilderImpl<>(PackageSources::dumpSources,
                configuration.as(KnowledgeBuilderConfigurationImpl.KEY), release, false);
        CompositeKnowledgeBuilder batch = builder.batch();
        for (PolicyFiles.SourceFile file : files) {
            batch.add(DrlCompiler.drlResource(file.path(), file.bytes()), ResourceType.DRL);
        }
        batch.build();
        if (builder.hasErrors()) {
            LOG.debug("the executable model does not compile: {}", builder.getErrors());
            return Optional.empty();
        }
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> models = new ArrayList<>();
        for (PackageSources packageSources : builder.getPackageSources()) {
            List<GeneratedFile> generated = new ArrayList<>();
            packageSources.collectGeneratedFiles(generated);
            generated.forEach(file -> sources.put(file.relativePath(), new String(file.contents(), StandardCharsets.UTF_8)));
            models.addAll(packageSources.getModelNames());
        }
        Map<String, byte[]> classes = compileJava(sources, loader);
        if (classes == null) {
            return Optional.empty();
        }
        return Optional.of(new RuleModel(models, ruleSources(builder), classes, null));
    }

    private static Map<String, byte[]> compileJava(Map<String, String> sources, ClassLoader loader) {
        MemoryResourceReader reader = new MemoryResourceReader();
        sources.forEach((path, source) -> reader.add(path, source.getBytes(StandardCharsets.UTF_8)));
        MemoryResourceStore store = new MemoryResourceStore();
        JavaCompiler compiler = JavaCompilerFactory.loadCompiler(JavaConfiguration.CompilerType.ECLIPSE, JAVA_LEVEL);
        CompilationResult result = compiler.compile(sources.keySet().toArray(String[]::new), reader, store, loader);
        if (result.getErrors().length > 0) {
            LOG.debug("the executable model's Java does not compile: {}", List.of(result.getErrors()));
            return null;
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        store.getResources().forEach((path, bytes) -> {
            String name = path.asString();
            if (name.endsWith(".class")) {
                classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), bytes);
            }
        });
        return classes;
    }

    private static List<RuleSource> ruleSources(KnowledgeBuilderImpl builder) {
        List<RuleSource> sources = new ArrayList<>();
        for (String pkg : builder.getPackageNames()) {
            for (PackageDescr descr : builder.getPackageDescrs(pkg)) {
                for (RuleDescr rule : descr.getRules()) {
                    Resource resource = rule.getResource() != null ? rule.getResource() : descr.getResource();
                    sources.add(new RuleSource(pkg, rule.getName(),
                            resource == null ? null : resource.getSourcePath()));
                }
            }
        }
        return sources;
    }

    /**
     * Loads the model, to build knowledge bases from: its classes defined in a loader of their own below
     * {@code loader}, or, for a model shipped on the classpath, found through {@code loader}. Each rule of a
     * knowledge base built from it gets back the file it came from, as compiling DRL gives it.
     *
     * @throws ReflectiveOperationException when a model class is missing or cannot be made
     * @throws LinkageError                  when the classes do not fit the classes on the class path
     */
    Loaded load(ClassLoader loader) throws ReflectiveOperationException {
        ClassLoader models = classes.isEmpty() ? loader : new ModelClassLoader(classes, loader);
        List<Model> instances = new ArrayList<>();
        for (String name : this.models) {
            instances.add((Model) models.loadClass(name).getDeclaredConstructor().newInstance());
        }
        Map<String, String> files = new HashMap<>();
        sources.forEach(source -> files.put(source.pkg() + '\n' + source.name(), source.file()));
        return new Loaded(List.copyOf(instances), models, files);
    }

    /** A model's classes, loaded: knowledge bases of all its rules, or of some of them, built from the same classes. */
    static final class Loaded {
        private final List<Model> instances;
        private final ClassLoader classes;
        private final Map<String, String> files;

        private Loaded(List<Model> instances, ClassLoader classes, Map<String, String> files) {
            this.instances = instances;
            this.classes = classes;
            this.files = files;
        }

        /** A knowledge base of every rule. */
        KieBase kieBase() {
            return build(instances);
        }

        /** A knowledge base of the rules {@code keep} accepts, by package and rule name. */
        KieBase kieBase(BiPredicate<String, String> keep) {
            return build(instances.stream().<Model>map(model -> new Subset(model, model.getRules().stream()
                    .filter(rule -> keep.test(rule.getPackage(), rule.getName())).toList())).toList());
        }

        private KieBase build(List<Model> models) {
            KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models,
                    RuleBaseFactory.newKnowledgeBaseConfiguration(null, classes), DrlCompiler.builderConfiguration(classes));
            for (KiePackage kiePackage : kieBase.getKiePackages()) {
                for (Rule rule : kiePackage.getRules()) {
                    String file = files.get(kiePackage.getName() + '\n' + rule.getName());
                    if (file != null && rule instanceof RuleImpl impl) {
                        impl.setResource(DrlCompiler.drlResource(file, new byte[0]));
                    }
                }
            }
            return kieBase;
        }
    }

    /** A model with some of its rules only. */
    private record Subset(Model model, List<org.drools.model.Rule> rules) implements Model {
        @Override
        public String getName() {
            return model.getName();
        }

        @Override
        public String getPackageName() {
            return model.getPackageName();
        }

        @Override
        public List<Global> getGlobals() {
            return model.getGlobals();
        }

        @Override
        public List<org.drools.model.Rule> getRules() {
            return rules;
        }

        @Override
        public List<Query> getQueries() {
            return model.getQueries();
        }

        @Override
        public List<TypeMetaData> getTypeMetaDatas() {
            return model.getTypeMetaDatas();
        }

        @Override
        public List<EntryPoint> getEntryPoints() {
            return model.getEntryPoints();
        }
    }


    /** The model as one file for a cache, under {@code key}: its classes and an index, as a zip. */
    byte[] toBytes(String key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(INDEX));
            Properties index = index();
            index.setProperty("key", key);
            zip.write(text(index).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey().replace('.', '/') + ".class"));
                zip.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a rule model to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes} wrote.
     *
     * @throws IOException when it is not such a file (a damaged zip fails its checksums)
     */
    static RuleModel fromBytes(byte[] bytes) throws IOException {
        String index = null;
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals(INDEX)) {
                    index = new String(content, StandardCharsets.UTF_8);
                } else if (entry.getName().endsWith(".class")) {
                    String name = entry.getName();
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), content);
                }
            }
        }
        if (index == null || classes.isEmpty()) {
            throw new IOException("not a rule model: no index or no classes");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(index));
        return fromIndex(properties, classes);
    }

    /**
     * Writes a model into a classes directory, for a jar to ship: its classes as class files (found through the
     * ordinary class path, and archived by class data sharing like the library's own) and an index as
     * {@code deploy-policy/<name>.model}, beside the policy's own folder, listing the policy's settings and rule files
     * and giving its version. Classes an earlier index wrote are deleted first: a changed rule's lambdas have other names.
     */
    void writeShipped(Path classesDirectory, String name, List<String> files, String version) throws IOException {
        Path index = classesDirectory.resolve(shippedIndex(name));
        if (Files.exists(index)) {
            Properties previous = new Properties();
            try (InputStream in = Files.newInputStream(index)) {
                previous.load(in);
            }
            for (String stale : previous.getProperty("classes", "").split(",")) {
                if (!stale.isEmpty()) {
                    Files.deleteIfExists(classesDirectory.resolve(stale.replace('.', '/') + ".class"));
                }
            }
        }
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = classesDirectory.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Properties shipped = index();
        shipped.setProperty("policy", version);
        for (int i = 0; i < files.size(); i++) {
            shipped.setProperty("file." + i, files.get(i));
        }
        Files.createDirectories(index.getParent());
        Files.writeString(index, text(shipped), StandardCharsets.UTF_8);
    }

    /** What the classpath ships for a policy, if it ships a model this Drools can load. */
    static Optional<ShippedPolicy> shipped(String name, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(shippedIndex(name))) {
            if (in == null) {
                return Optional.empty();
            }
            Properties index = new Properties();
            index.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            RuleModel model = fromIndex(index, Map.of());
            List<String> files = new ArrayList<>();
            for (int i = 0; index.getProperty("file." + i) != null; i++) {
                files.add(index.getProperty("file." + i));
            }
            String version = index.getProperty("policy");
            return version == null ? Optional.empty() : Optional.of(new ShippedPolicy(files, version, model));
        } catch (IOException e) {
            LOG.debug("not using the model shipped for {}", name, e);
            return Optional.empty();
        }
    }

    private static String shippedIndex(String name) {
        return PolicyFiles.CLASSPATH_ROOT + name + ".model";
    }

    private Properties index() {
        Properties index = new Properties();
        index.setProperty("format", Integer.toString(FORMAT));
        index.setProperty("drools", droolsVersion());
        index.setProperty("models", String.join(",", models));
        index.setProperty("classes", String.join(",", classes.keySet().stream().sorted().toList()));
        for (int i = 0; i < sources.size(); i++) {
            RuleSource source = sources.get(i);
            index.setProperty("rule." + i + ".package", source.pkg());
            index.setProperty("rule." + i + ".name", source.name());
            if (source.file() != null) {
                index.setProperty("rule." + i + ".file", source.file());
            }
        }
        return index;
    }

    private static String text(Properties index) {
        StringWriter text = new StringWriter();
        try {
            index.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties writes a date and no order; without them the same rules give the same file.
        return text.toString().lines().filter(line -> !line.startsWith("#")).sorted()
                .collect(Collectors.joining("\n", "# deploy-policy: rules compiled to the Drools executable model\n", "\n"));
    }

    private static RuleModel fromIndex(Properties index, Map<String, byte[]> classes) throws IOException {
        if (!Integer.toString(FORMAT).equals(index.getProperty("format"))
                || !droolsVersion().equals(index.getProperty("drools")) || index.getProperty("models") == null) {
            throw new IOException("a rule model of another format or Drools version");
        }
        List<RuleSource> sources = new ArrayList<>();
        for (int i = 0; index.getProperty("rule." + i + ".name") != null; i++) {
            sources.add(new RuleSource(index.getProperty("rule." + i + ".package"),
                    index.getProperty("rule." + i + ".name"), index.getProperty("rule." + i + ".file")));
        }
        String models = index.getProperty("models");
        return new RuleModel(models.isEmpty() ? List.of() : List.of(models.split(",")), sources, classes,
                index.getProperty("key"));
    }

    /**
     * The version of the Drools that builds knowledge bases from models, from its jar's Maven metadata: Drools'
     * own {@code Drools.getFullVersion()} reads the manifest, which in a shaded jar is the application's.
     */
    static String droolsVersion() {
        String known = droolsVersion;
        if (known == null) {
            Properties pom = new Properties();
            try (InputStream in = KieBaseBuilder.class.getResourceAsStream(
                    "/META-INF/maven/org.drools/drools-model-compiler/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            } catch (IOException e) {
                LOG.debug("cannot read the Drools version", e);
            }
            known = pom.getProperty("version", "unknown");
            droolsVersion = known;
        }
        return known;
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /**
     * Defines a cached model's classes, looking in them before its parent: a cached model's class must never be
     * taken for a class of the same name elsewhere (a model of the same package shipped in a jar).
     */
    private static final class ModelClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        ModelClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super("deploy-policy-rules", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] bytes = classes.get(name);
                    loaded = bytes != null ? defineClass(name, bytes, 0, bytes.length) : super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.endsWith(".class")) {
                byte[] bytes = classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                if (bytes != null) {
                    return new ByteArrayInputStream(bytes);
                }
            }
            return super.getResourceAsStream(name);
        }
    }
}
