package org.deploypolicy.junit;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.deploypolicy.DeploymentPolicy;
import org.deploypolicy.Scenario;
import org.deploypolicy.ScenarioResult;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Scenario files as JUnit 5 tests, so a team runs its policy's scenarios in its own build:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> scenarios() {
 *     DeploymentPolicy policy = DeploymentPolicy.builder().directory(Path.of("policy")).build();
 *     return ScenarioTests.of(policy, Path.of("policy/scenarios"));
 * }
 * }</pre>
 *
 * Each scenario is one test named by its file and note; a failing one shows what it wanted beside what it
 * got. Needs {@code junit-jupiter-api} on the test classpath (an optional dependency of this library).
 */
public final class ScenarioTests {
    private ScenarioTests() {
    }

    /**
     * One test per scenario found in a file, or in every scenario file under a directory.
     *
     * @throws org.deploypolicy.InvalidPolicyException when a scenario file cannot be read
     */
    public static Stream<DynamicTest> of(DeploymentPolicy policy, Path scenarios) {
        return Scenario.read(scenarios).stream().map(scenario -> DynamicTest.dynamicTest(scenario.toString(), () -> {
            ScenarioResult result = scenario.run(policy);
            if (!result.passed()) {
                throw new AssertionFailedError(scenario + "\n" + result.difference());
            }
        }));
    }
}
