package org.deploypolicy.cli;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approval record of each sample, as {@code evaluate --format markdown} prints it, against the file a
 * person checked ({@link Golden}). The policy version is masked: it changes with every rule.
 */
class ApprovalRecordGoldenTest {
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
        Golden.assertMatches(golden, record);
    }
}
