package org.deploypolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approval record of each sample, as {@code evaluate --format markdown} prints it, against the file a
 * person checked ({@code src/test/resources/golden}). The policy version is masked: it changes with every rule.
 */
class ApprovalRecordGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest(name = "{0} under {1}")
    @CsvSource({
            "normal-tuesday-release, reference",
            "friday-feature, reference",
            "critical-fix-friday, reference",
            "p1-hotfix-saturday-night, reference",
            "breaking-change-pending-ceo, reference",
            "rollback-api-errors, reference",
            "rollback-payment-failures, reference",
            "rollback-security-incident, reference",
            "rollback-customer-bug, reference",
            "breaking-change-pending-ceo, team-policy"})
    void theRecordIsTheOneChecked(String sample, String policy) throws IOException {
        String[] args = policy.equals("reference")
                ? new String[] {"evaluate", "samples/" + sample + ".json", "--format", "markdown"}
                : new String[] {"evaluate", "samples/" + sample + ".json", "--format", "markdown",
                        "--policy", "src/test/resources/" + policy};
        String golden = (policy.equals("reference") ? "" : policy + "-") + sample + ".md";
        String record = CommandLineTest.run(args).out().replaceAll("sha256:[0-9a-f]{64}", "sha256:VERSION");
        assertEquals(Files.readString(GOLDEN.resolve(golden)), record);
    }
}
