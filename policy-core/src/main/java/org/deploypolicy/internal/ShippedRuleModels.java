package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles classpath policies' rules to the executable model and writes each into a classes directory, for its jar
 * to ship ({@link RuleModel#writeShipped}). Run by the build of {@code policy-rules}, after its resources are
 * copied, through {@link Core#main}: {@code Core CLASSES_DIRECTORY NAME...}.
 */
final class ShippedRuleModels {
    private ShippedRuleModels() {
    }

    /**
     * @throws org.deploypolicy.InvalidPolicyException when a policy's rules do not compile, with their positions
     * @throws IllegalStateException when they compile as DRL but not to the executable model
     */
    static void write(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: Core CLASSES_DIRECTORY NAME...");
        }
        Path classes = Path.of(args[0]);
        ClassLoader loader = ShippedRuleModels.class.getClassLoader();
        for (String name : List.of(args).subList(1, args.length)) {
            Path directory = classes.resolve(PolicyFiles.CLASSPATH_ROOT + name);
            PolicyFiles policy = PolicyFiles.fromDirectory(directory);
            List<PolicyFiles.SourceFile> rules = policy.rules();
            RuleModel model = PolicyCompiler.withLibraryLoader(() -> RuleModel.compile(rules, loader, name))
                    .orElseGet(() -> {
                        PolicyCompiler.withLibraryLoader(() -> DrlCompiler.compile(rules, loader));
                        throw new IllegalStateException("the rules of policy " + name
                                + " compile as DRL but not to the Drools executable model");
                    });
            // the version as a build of the policy works it out, which the shipped model must match to be used
            model.writeShipped(classes, name, policy.paths(), version(SettingsLayers.read(policy, loader)));
        }
    }

    private static String version(SettingsLayers layers) {
        return PolicyVersion.of(layers, layers.merged());
    }
}
