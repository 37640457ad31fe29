package org.deploypolicy.reference;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.junit.ScenarioTests;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The scenario files, run as a team runs its own with {@link ScenarioTests}: the reference policy's own
 * (shipped beside its rules, the files {@code deploy-policy init} copies), and those of the test policies that
 * extend it (each a directory under {@code src/test/resources/policies} with its {@code scenarios}).
 */
class ReferenceScenariosTest {
    private static final Path REFERENCE = Path.of("src/main/resources/deploy-policy/reference/scenarios");
    private static final Path TEST_POLICIES = Path.of("src/test/resources/policies");

    @TestFactory
    Stream<DynamicNode> referenceScenarios() {
        return scenarios(REFERENCE, Reference.POLICY);
    }

    @TestFactory
    Stream<DynamicNode> extendingPolicies() throws java.io.IOException {
        try (Stream<Path> dirs = java.nio.file.Files.list(TEST_POLICIES)) {
            return dirs.sorted().toList().stream().map(dir -> DynamicContainer.dynamicContainer(
                    dir.getFileName().toString(),
                    scenarios(dir.resolve("scenarios"), DeploymentPolicy.builder().directory(dir).build())));
        }
    }

    private static Stream<DynamicNode> scenarios(Path directory, DeploymentPolicy policy) {
        return ScenarioTests.of(policy, directory).map(DynamicNode.class::cast);
    }
}
