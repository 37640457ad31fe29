package org.deploypolicy.cli;

import java.nio.file.Path;

import org.deploypolicy.DecisionLog;
import org.deploypolicy.DeploymentPolicy;
import picocli.CommandLine.Option;

/** {@code --policy DIR}: a policy directory; the reference policy without it. */
final class PolicyOption {
    @Option(names = "--policy", paramLabel = "DIR",
            description = "A policy directory (policy.yaml and .drl files). Default: the reference policy.")
    Path directory;

    /** Builds the policy; throws {@link org.deploypolicy.InvalidPolicyException} when it cannot. */
    DeploymentPolicy build() {
        return build(null);
    }

    /** Builds the policy writing its decisions to a log, when one is given. */
    DeploymentPolicy build(DecisionLog log) {
        return build(directory, log);
    }

    /**
     * Builds a policy directory, or the reference policy when {@code directory} is null, writing its decisions to
     * a log when one is given.
     */
    static DeploymentPolicy build(Path directory, DecisionLog log) {
        DeploymentPolicy.Builder builder = builder();
        if (log != null) {
            builder.decisionLog(log);
        }
        return (directory == null ? builder.classpath("reference") : builder.directory(directory)).build();
    }

    /**
     * A builder that keeps compiled rules in the user's cache directory, so that each run after the first on the
     * same rules starts in a fraction of a second.
     */
    static DeploymentPolicy.Builder builder() {
        return DeploymentPolicy.builder().compiledRulesCache(cacheDirectory());
    }

    /** {@code $XDG_CACHE_HOME/deploy-policy}, else {@code ~/.cache/deploy-policy}; the launcher keeps its archives there too. */
    static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("deploy-policy");
    }
}
