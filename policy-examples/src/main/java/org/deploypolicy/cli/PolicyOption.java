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
        DeploymentPolicy.Builder builder = DeploymentPolicy.builder();
        if (log != null) {
            builder.decisionLog(log);
        }
        return (directory == null ? builder.classpath("reference") : builder.directory(directory)).build();
    }
}
