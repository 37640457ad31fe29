package org.deploypolicy.reference;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.junit.ScenarioTests;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
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

    /**
     * {@code verify} finds no error in the reference or in a test policy, among them that each window rule's findings
     * change only at times of day the next-allowed search tries.
     */
    @TestFactory
    Stream<DynamicNode> everyPolicyPassesVerify() throws java.io.IOException {
        try (Stream<Path> dirs = java.nio.file.Files.list(TEST_POLICIES)) {
            return Stream.concat(Stream.of(DynamicTest.dynamicTest("reference",
                            () -> Reference.POLICY.exercise(List.of()))),
                    dirs.sorted().toList().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
                            () -> DeploymentPolicy.builder().directory(dir).build().exercise(List.of()))));
        }
    }

    private static Stream<DynamicNode> scenarios(Path directory, DeploymentPolicy policy) {
        return ScenarioTests.of(policy, directory).map(DynamicNode.class::cast);
    }
}
